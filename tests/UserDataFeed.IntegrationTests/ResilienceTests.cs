using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;
using UserDataFeed.Service.Import;

namespace UserDataFeed.IntegrationTests;

/// <summary>Runs that survive crashes, races and transient faults, and still apply every file exactly once.</summary>
public sealed class ResilienceTests
{
    private const int Rows = 300;

    [Fact]
    public async Task Worker_killed_mid_import_leaves_it_to_another_process_which_ends_in_the_state_of_an_uninterrupted_run()
    {
        await using var gate = await TransactionGate.StartAsync();
        var settings = SelfHostProcess.SlowWorkerSettings();
        settings["Tables:ConnectionString"] = gate.TablesConnectionString;
        var file = HrFile.Users("crash.example", Rows);
        var processes = await Task.WhenAll(SelfHostProcess.StartAsync(settings), SelfHostProcess.StartAsync(settings));
        using var first = processes[0];
        using var second = processes[1];
        var tenant = await FeedTenant.CreateAsync(new RemoteHost(first.Address, settings), "crash");
        await tenant.S3.UploadAsync(tenant.Bucket, "big.csv", file);
        gate.HoldAfter(20); // 20 transactions of 5 users, then the worker waits on its next one until it is killed

        var importId = Assert.Single(await tenant.Admin.QueuePollAsync("crash"));
        await gate.Holding.WaitAsync(TimeSpan.FromMinutes(2));
        var running = await tenant.Admin.GetJsonAsync($"/api/tenants/crash/feed/imports/{importId}");
        var victim = processes.Single(p => p.WorkerName == running.GetProperty("progress").Str("worker"));
        victim.Kill();
        gate.Release();
        var survivor = processes.Single(p => p != victim);
        var written = await TableSnapshot.CountUsersAsync(settings["Tables:Prefix"]!, "crash");
        Assert.InRange(written, 1, Rows - 1); // really stopped in the middle

        var admin = new RemoteHost(survivor.Address, settings).Client(tenant.Admin.DefaultRequestHeaders.Authorization!.Parameter);
        var record = await admin.WaitForImportAsync("crash", importId);

        var calm = await FeedTenant.CreateAsync(new RemoteHost(survivor.Address, settings), "calm");
        var uninterrupted = await calm.ImportAsync(file);
        Assert.Equal("completed", record.Str("status"));
        Assert.Equal(survivor.WorkerName, record.GetProperty("progress").Str("worker"));
        Assert.True(record.GetProperty("attempts").GetInt32() >= 2);
        Assert.Equal(uninterrupted.GetProperty("counts").GetRawText(), record.GetProperty("counts").GetRawText());
        Assert.Equal(Rows, record.Count("created"));
        Assert.Equal(Api.ComparableUsers(await calm.UsersAsync()), Api.ComparableUsers(await admin.UsersAsync("crash")));
    }

    [Fact]
    public async Task Two_pollers_racing_over_the_same_tenants_apply_every_file_exactly_once()
    {
        var settings = TestService.NewSettings();
        await using var a = await TestService.StartAsync(s => { s.Clear(); foreach (var (k, v) in settings) { s[k] = v; } });
        await using var b = await TestService.StartAsync(s => { s.Clear(); foreach (var (k, v) in settings) { s[k] = v; } });
        string[] tenantIds = ["race-1", "race-2", "race-3"];
        var tenants = new List<FeedTenant>();
        foreach (var id in tenantIds)
        {
            var tenant = await FeedTenant.CreateAsync(a, id);
            await tenant.S3.UploadAsync(tenant.Bucket, "1-first.csv", HrFile.Users($"{id}.example", 300));
            tenants.Add(tenant);
        }

        // Uploaded within the same second or not, the second files come after the first (FeedObject.InUploadOrder).
        foreach (var tenant in tenants)
        {
            await tenant.S3.UploadAsync(tenant.Bucket, "2-second.csv", HrFile.Users($"{tenant.TenantId}.example", 300, skipEvery: 10));
        }

        var pollerA = a.App.Services.GetRequiredService<FeedPoller>();
        var pollerB = b.App.Services.GetRequiredService<FeedPoller>();
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(
                pollerA.QueueChecksAsync(CancellationToken.None), pollerB.QueueChecksAsync(CancellationToken.None),
                a.Operator.PostAsync("/api/tenants/race-1/feed/poll", null), b.Operator.PostAsync("/api/tenants/race-1/feed/poll", null));
        }

        foreach (var tenant in tenants)
        {
            var imports = await tenant.ImportsOnceEndedAsync(count: 2);
            Assert.Equal(["1-first.csv", "2-second.csv"], imports.Select(i => i.Str("fileKey")).Order());
            Assert.All(imports, i => Assert.True(i.Str("status") == "completed", i.GetRawText()));
            Assert.Equal("2-second.csv", imports[0].Str("fileKey")); // newest first: the second file ran last
            var users = await tenant.UsersAsync();
            Assert.Equal(300, users.Count);
            var inactive = users.Values.Where(u => u.Str("status") == "inactive").Select(u => Index(u.Str("email"))).ToList();
            Assert.Equal(34, inactive.Count); // 30 left out of the second file + 4 with status 0
            Assert.All(Enumerable.Range(0, 30).Select(i => i * 10 + 9), i => Assert.Contains(i, inactive));
        }
    }

    [Fact]
    public async Task Run_stopped_while_filing_its_upload_away_only_finishes_the_move_and_applies_nothing_again()
    {
        // The process stops after the outcome is recorded and the copy to processed/ is made, before the upload is deleted.
        var stop = new StopBeforeDeleteHandler("/exports/hr.csv");
        var captured = new CapturedTelemetry();
        await using var service = await TestService.StartAsync(services: s =>
        {
            captured.AddTo(s);
            s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, stop);
        });
        var tenant = await FeedTenant.CreateAsync(service, "moved", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        await tenant.S3.UploadAsync(tenant.Bucket, "exports/hr.csv", "Email,First,Last\r\nann@moved.example,Ann,Lee\r\n");
        stop.Armed = true;
        await service.App.Services.GetRequiredService<FeedPoller>().QueueChecksAsync(CancellationToken.None);
        for (var i = 0; i < 600 && !WorkOnTenantEnded(captured, "moved"); i++)
        {
            await Task.Delay(100); // until the worker gave the run up (the store client retries the delete first)
        }

        stop.Armed = false;
        Assert.True(stop.Stopped > 0);
        var stopped = Assert.Single((await tenant.Admin.GetJsonAsync("/api/tenants/moved/feed/imports")).GetProperty("items").EnumerateArray());
        Assert.Equal(("running", "reporting"), (stopped.Str("status"), stopped.GetProperty("progress").Str("phase"))); // not final while the upload is in place
        await tenant.Admin.PutJsonAsync("/api/tenants/moved/users/ann@moved.example", new { firstName = "Renamed", lastName = "OnPlatform" });

        var resumed = Assert.Single(await tenant.Admin.PollAsync("moved"));

        Assert.Equal(stopped.Str("importId"), resumed);
        var record = await tenant.Admin.GetJsonAsync($"/api/tenants/moved/feed/imports/{resumed}");
        Assert.Equal(("completed", 1), (record.Str("status"), record.Count("created")));
        Assert.Equal("Renamed", (await tenant.UsersAsync())["ann@moved.example"].Str("firstName")); // the file was not applied again
        var left = await service.ServiceS3().ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = "exports/" });
        Assert.Empty(left.S3Objects ?? []);
        var processed = await service.ServiceS3().ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = "processed/" });
        Assert.Single(processed.S3Objects);
        Assert.Single((await tenant.Admin.GetJsonAsync("/api/tenants/moved/feed/imports")).GetProperty("items").EnumerateArray());
    }

    /// <summary>While armed, stops every delete of an object whose path ends so, as a process that dies would: the request never leaves.</summary>
    /// <summary>Whether a worker's span of work on the tenant (one taken from the queue: it has a kind) has ended, however it ended.</summary>
    private static bool WorkOnTenantEnded(CapturedTelemetry captured, string tenantId) =>
        captured.Spans.Snapshot().Any(s => s.DisplayName == "tenant" && (string?)s.GetTagItem("tenant") == tenantId && s.GetTagItem("kind") is not null);

    private sealed class StopBeforeDeleteHandler(string pathEnd) : DelegatingHandler(new SocketsHttpHandler())
    {
        public bool Armed { get; set; }

        public int Stopped { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Armed && request.Method == HttpMethod.Delete && request.RequestUri!.AbsolutePath.EndsWith(pathEnd, StringComparison.Ordinal))
            {
                Stopped++;
                throw new OperationCanceledException("Injected: the process stopped before deleting the upload.");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Injected_throttling_and_dropped_connections_still_end_in_the_right_state()
    {
        var faults = new FaultInjectingHandler(failureRate: 0.15, seed: 7);
        await using var calmService = await TestService.StartAsync();
        var calm = await FeedTenant.CreateAsync(calmService, "steady");
        var file = HrFile.Users("faults.example", 1000);
        var expected = await calm.ImportAsync(file);

        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, faults));
        FeedTenant? tenant = null;
        for (var i = 0; i < 10 && tenant is null; i++)
        {
            try
            {
                tenant = await FeedTenant.CreateAsync(service, "faulty");
            }
            catch (Exception ex) when (ex is HttpRequestException or Xunit.Sdk.XunitException)
            {
                // set-up calls may meet a fault that outlasts the retries; calling again is what a user would do
            }
        }

        Assert.NotNull(tenant);
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", file);
        JsonElement record = default;
        for (var i = 0; i < 1200; i++)
        {
            await Task.Delay(i == 0 ? 0 : 100);
            var poll = await tenant.Admin.PostAsync("/api/tenants/faulty/feed/poll", null);
            var imports = await tenant.Admin.GetAsync("/api/tenants/faulty/feed/imports");
            if (imports.IsSuccessStatusCode)
            {
                var items = JsonDocument.Parse(await imports.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
                if (items.GetArrayLength() == 1 && items[0].Str("status") == "completed")
                {
                    record = items[0].Clone();
                    break;
                }
            }

            Assert.NotEqual(HttpStatusCode.InternalServerError, poll.StatusCode);
        }

        Assert.True(faults.Injected > 10, $"only {faults.Injected} faults were injected");
        Assert.Equal("completed", record.Str("status"));
        Assert.Equal(expected.GetProperty("counts").GetRawText(), record.GetProperty("counts").GetRawText());
        var users = await UsersEventuallyAsync(tenant.Admin, "faulty");
        Assert.Equal(Api.ComparableUsers(await calm.UsersAsync()), Api.ComparableUsers(users));
    }

    private static async Task<Dictionary<string, JsonElement>> UsersEventuallyAsync(HttpClient admin, string tenantId)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await admin.UsersAsync(tenantId);
            }
            catch (Xunit.Sdk.XunitException) when (i < 10)
            {
            }
        }
    }

    private static int Index(string email) => int.Parse(email[1..email.IndexOf('@', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
}
