using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Service.Import;
using UserDataFeed.Functions;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.IntegrationTests;

/// <summary>Work spread over a real queue (Azurite): several processes share it, runs stop at their budget and go on, poison ends with a reason.</summary>
public sealed class WorkQueueTests
{
    [Fact]
    public async Task Three_processes_share_thirty_tenants_and_apply_every_file_exactly_once_in_order()
    {
        var settings = TestService.NewSettings();
        settings["Feed:PollInterval"] = "00:00:01"; // the timers only queue checks; every process's worker takes them
        settings["Feed:MaxParallelTenants"] = "2";
        var processes = await Task.WhenAll(SelfHostProcess.StartAsync(settings), SelfHostProcess.StartAsync(settings), SelfHostProcess.StartAsync(settings));
        using var first = processes[0];
        using var second = processes[1];
        using var third = processes[2];
        var tenants = (await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var tenant = await FeedTenant.CreateAsync(new RemoteHost(processes[i % 3].Address, settings), $"share-{i}");
            await tenant.S3.UploadAsync(tenant.Bucket, "day-1.csv", HrFile.Users($"share{i}.example", 200));
            return tenant;
        }))).ToList();

        // Uploaded within the same second or not, day 2 comes after day 1 (FeedObject.InUploadOrder).
        foreach (var tenant in tenants)
        {
            await tenant.S3.UploadAsync(tenant.Bucket, "day-2.csv", HrFile.Users($"{tenant.TenantId.Replace("-", "", StringComparison.Ordinal)}.example", 200, skipEvery: 10));
        }

        var workers = new HashSet<string>();
        foreach (var tenant in tenants)
        {
            var imports = await tenant.ImportsOnceEndedAsync(count: 2);
            Assert.Equal(["day-2.csv", "day-1.csv"], imports.Select(i => i.Str("fileKey"))); // newest first: day 2 ran after day 1
            Assert.All(imports, i => Assert.Equal("completed", i.Str("status")));
            Assert.True(imports[1].GetProperty("finishedAt").GetDateTimeOffset() <= imports[0].GetProperty("finishedAt").GetDateTimeOffset());
            Assert.Equal(200, imports[1].Count("created"));
            Assert.Equal(20, imports[0].Count("deactivated")); // the 20 left out of day 2: so day 2 was applied on top of day 1
            var users = await tenant.UsersAsync();
            Assert.Equal(200, users.Count);
            Assert.Equal(20 + 3, users.Values.Count(u => u.Str("status") == "inactive")); // + users 0, 97 and 194 with status 0
            workers.UnionWith(imports.Select(i => i.GetProperty("progress").Str("worker")));
        }

        Assert.True(workers.Count > 1, $"all work was done by {string.Join(", ", workers)}");
        Assert.Subset(processes.Select(p => p.WorkerName).ToHashSet(), workers);
    }

    [Theory]
    [InlineData(true)] // the continuation goes on with the plan its process kept
    [InlineData(false)] // as on another process: it makes the plan again against the same users and skips what was written
    public async Task Work_budget_used_up_mid_import_chains_it_over_continuations_into_the_state_of_one_run(bool keepsPlans)
    {
        var file = HrFile.Users("chain.example", 400);
        await using var unbroken = await TestService.StartAsync();
        var captured = new CapturedTelemetry();
        var single = await (await FeedTenant.CreateAsync(unbroken, "single")).ImportAsync(file);
        // The budget runs out on the service's clock, which every fourth store transaction moves on by a whole budget:
        // the import stops after a number of writes however fast the machine is (its own minutes never use up eight).
        var clock = new MovableClock();
        var budget = TimeSpan.FromMinutes(8);
        await using var chained = await TestService.StartAsync(
            s =>
            {
                s["Feed:WorkBudget"] = "00:08:00";
                s["Feed:MaxParallelBatches"] = "1";
                s["Feed:BatchSize"] = "10"; // 40 transactions of users
            },
            s =>
            {
                captured.AddTo(s);
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, new ClockMovingHandler(clock, budget, every: 4));
                s.AddSingleton(new PausedPlans(TimeProvider.System, keepsPlans ? null : TimeSpan.Zero));
            });
        var tenant = await FeedTenant.CreateAsync(chained, "chain");

        var record = await tenant.ImportAsync(file);

        Assert.Equal("completed", record.Str("status"));
        Assert.True(record.GetProperty("progress").GetProperty("continuations").GetInt32() >= 3, record.GetRawText());
        Assert.Equal(1, record.GetProperty("attempts").GetInt32()); // a continuation is not a new attempt
        Assert.Equal(single.GetProperty("counts").GetRawText(), record.GetProperty("counts").GetRawText());
        Assert.Equal(
            (single.GetProperty("progress").GetProperty("planned").GetInt32(), single.GetProperty("progress").GetProperty("planned").GetInt32()),
            (record.GetProperty("progress").GetProperty("applied").GetInt32(), record.GetProperty("progress").GetProperty("planned").GetInt32()));
        Assert.Equal(Api.ComparableUsers(await unbroken.Operator.UsersAsync("single")), Api.ComparableUsers(await tenant.UsersAsync()));
        var continuedWith = ContinuationPlans(chained, captured, record);
        Assert.Equal(record.GetProperty("progress").GetProperty("continuations").GetInt32(), continuedWith.Count);
        Assert.All(continuedWith, how => Assert.Equal(keepsPlans ? "kept" : "remade", how));
    }

    [Fact]
    public async Task Users_written_by_someone_else_while_an_import_is_paused_are_planned_against_as_written_and_end_as_if_written_before_it()
    {
        var file = HrFile.Users("edited.example", 400);
        const string inFile = "u399@edited.example"; // the file's last user: not written before the pause
        const string notInFile = "pat@edited.example";
        await using var unbroken = await TestService.StartAsync();
        var before = await FeedTenant.CreateAsync(unbroken, "before");
        await before.PutPlatformUserAsync(inFile);
        await before.PutPlatformUserAsync(notInFile, "Administrator");
        await before.ImportAsync(file);
        var captured = new CapturedTelemetry();
        var clock = new MovableClock();
        var hold = new PausedSaveHold();
        await using var chained = await TestService.StartAsync(
            s =>
            {
                s["Feed:WorkBudget"] = "00:08:00";
                s["Feed:MaxParallelBatches"] = "1";
                s["Feed:BatchSize"] = "10";
            },
            s =>
            {
                captured.AddTo(s);
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, new ClockMovingHandler(clock, TimeSpan.FromMinutes(8), every: 4, hold)); // the plans are kept: a continuation here could go on with one
            });
        var tenant = await FeedTenant.CreateAsync(chained, "edited");

        var importing = tenant.ImportAsync(file);
        try
        {
            await hold.Holding.WaitAsync(TimeSpan.FromMinutes(2)); // the first piece is written; its continuation waits for the paused record
            await tenant.PutPlatformUserAsync(inFile);
            await tenant.PutPlatformUserAsync(notInFile, "Administrator");
        }
        finally
        {
            hold.Release();
        }

        var record = await importing;
        Assert.Equal("completed", record.Str("status"));
        Assert.Equal(Api.ComparableUsers(await before.UsersAsync()), Api.ComparableUsers(await tenant.UsersAsync()));
        var continuedWith = ContinuationPlans(chained, captured, record);
        Assert.Equal("new", continuedWith.First()); // the continuation right after the users were written
    }

    [Fact]
    public async Task Timer_queues_at_most_one_waiting_check_per_tenant_however_often_it_fires()
    {
        await using var setup = await TestService.StartAsync(); // onboards over HTTP; its worker reads another queue
        foreach (var id in new[] { "pile-1", "pile-2", "pile-3" })
        {
            await FeedTenant.CreateAsync(setup, id);
        }

        // The Functions app's services: the timer's sender and the queue, with no consumer running.
        var settings = new Dictionary<string, string?>(setup.Settings) { ["Queues:Name"] = $"{setup.TablePrefix.ToLowerInvariant()}-timer" };
        await using var functions = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        var poller = functions.GetRequiredService<FeedPoller>();
        var queue = functions.GetRequiredService<WorkQueue>();

        var queued = new List<int>();
        for (var tick = 0; tick < 4; tick++)
        {
            queued.Add(await poller.QueueChecksAsync(CancellationToken.None));
        }

        Assert.Equal([3, 0, 0, 0], queued);
        Assert.Equal(3, await queue.ApproximateCountAsync(CancellationToken.None));

        // A worker takes one tenant's check: the next tick queues a check for that tenant again, and only for it.
        var taken = (await queue.TakeAsync(1, TimeSpan.FromMinutes(1), CancellationToken.None)).Single();
        await functions.GetRequiredService<FeedWorker>().HandleAsync(taken.Message, taken.DequeueCount, CancellationToken.None);
        await queue.CompleteAsync(taken, CancellationToken.None);

        Assert.Equal(1, await poller.QueueChecksAsync(CancellationToken.None));
        Assert.Equal(3, await queue.ApproximateCountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Poll_of_a_big_file_answers_at_once_with_the_import_to_follow_and_its_progress()
    {
        var hold = new TransactionHold();
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, hold));
        var tenant = await FeedTenant.CreateAsync(service, "prompt");
        await tenant.S3.UploadAsync(tenant.Bucket, "big.csv", HrFile.Users("prompt.example", 2_000));
        hold.Armed = true; // the users are not written until the test has seen the import writing

        using var response = await tenant.Admin.PostAsync("/api/tenants/prompt/feed/poll", null).WaitAsync(TimeSpan.FromMinutes(1));

        var importId = Assert.Single((await response.JsonAsync(System.Net.HttpStatusCode.Accepted)).Strings("importIds"));
        Assert.Equal($"/api/tenants/prompt/feed/imports/{importId}", response.Headers.Location?.OriginalString);
        var followed = await tenant.Admin.GetJsonAsync($"/api/tenants/prompt/feed/imports/{importId}");
        Assert.Contains(followed.Str("status"), new[] { "queued", "running" }); // the answer came before the import ran, not after
        var phases = new HashSet<string>();
        JsonElement record;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        do
        {
            record = await tenant.Admin.GetJsonAsync($"/api/tenants/prompt/feed/imports/{importId}");
            var phase = record.GetProperty("progress").GetProperty("phase").GetString() ?? "ended";
            phases.Add(phase);
            if (phase == "writing")
            {
                hold.Release();
            }
        }
        while (record.Str("status") == "running" && DateTime.UtcNow < deadline);
        Assert.Equal("completed", record.Str("status"));
        Assert.Contains("writing", phases);
        Assert.Equal(2_000, record.GetProperty("progress").GetProperty("rowsPlanned").GetInt32());
    }

    [Fact]
    public async Task Message_taken_more_than_max_dequeues_times_fails_its_import_with_the_reason_and_is_counted()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "poison");
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", HrFile.Users("poison.example", 50));
        await tenant.S3.UploadAsync(tenant.Bucket, "later.csv", HrFile.Users("poison.example", 50));
        var poller = service.App.Services.GetRequiredService<FeedPoller>();
        var stored = await service.App.Services.GetRequiredService<UserDataFeed.Adapters.Tables.TenantStore>().GetAsync("poison", CancellationToken.None);
        var queued = await poller.ClaimNewFilesAsync(stored!, CancellationToken.None); // claimed, no message sent
        using var poisoned = new MeasurementsOf("udf.work.poisoned", "poison");

        var outcome = await service.App.Services.GetRequiredService<FeedWorker>()
            .HandleAsync(new WorkMessage("poison", WorkMessage.Check), dequeueCount: 6, CancellationToken.None);

        Assert.Equal(WorkOutcome.Poisoned, outcome);
        var failed = await tenant.Admin.GetJsonAsync($"/api/tenants/poison/feed/imports/{queued[0].ImportId}");
        Assert.Equal("failed", failed.Str("status"));
        Assert.Contains("taken 6 times without finishing", failed.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(1, poisoned.Total);
        var later = await tenant.Admin.WaitForImportAsync("poison", queued[1].ImportId); // the continuation runs the later file
        Assert.Equal("completed", later.Str("status"));
    }

    [Fact]
    public async Task Worker_killed_with_max_dequeues_one_ends_the_import_failed_with_the_reason_on_the_next_worker()
    {
        await using var gate = await TransactionGate.StartAsync();
        var settings = SelfHostProcess.SlowWorkerSettings();
        settings["Feed:MaxDequeues"] = "1";
        settings["Tables:ConnectionString"] = gate.TablesConnectionString;
        using var doomed = await SelfHostProcess.StartAsync(settings);
        var tenant = await FeedTenant.CreateAsync(new RemoteHost(doomed.Address, settings), "killed");
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", HrFile.Users("killed.example", 300));
        gate.HoldAfter(10); // the worker writes 10 transactions of users, then waits on its next one until it is killed
        var importId = Assert.Single(await tenant.Admin.QueuePollAsync("killed"));
        await gate.Holding.WaitAsync(TimeSpan.FromMinutes(2));

        doomed.Kill();
        gate.Release();
        using var next = await SelfHostProcess.StartAsync(settings);
        var admin = new RemoteHost(next.Address, settings).Client(tenant.Admin.DefaultRequestHeaders.Authorization!.Parameter);

        var record = await admin.WaitForImportAsync("killed", importId);

        Assert.Equal("failed", record.Str("status"));
        Assert.Contains("taken 2 times without finishing", record.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("Feed:MaxDequeues = 1", record.Str("reason"), StringComparison.Ordinal);
    }

    /// <summary>How each continuation of the import went on (its span's <c>continuation.plan</c>: kept, remade or new), in order.</summary>
    private static List<string?> ContinuationPlans(TestService service, CapturedTelemetry captured, JsonElement record)
    {
        CapturedTelemetry.Flush(service.App.Services);
        return [.. captured.Spans.Snapshot()
            .Where(s => s.DisplayName == "import" && (string?)s.GetTagItem("import") == record.Str("importId"))
            .Select(s => (string?)s.GetTagItem("continuation.plan"))
            .Where(how => how is not null)];
    }
}
