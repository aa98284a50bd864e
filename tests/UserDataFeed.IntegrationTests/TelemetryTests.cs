using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UserDataFeed.Functions;
using UserDataFeed.Service.Import;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// What OpenTelemetry exports of one import, in each host: a trace poll → tenant → import → plan, write, report whose
/// spans carry tenant, import and file; the run's counts as metrics; the import events at Information level with those
/// attributes; and no secret anywhere.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Self_host_exports_the_import_as_a_trace_metrics_and_logs_with_tenant_import_and_file_and_no_secret()
    {
        var captured = new CapturedTelemetry();
        await using var service = await TestService.StartAsync(services: captured.AddTo);
        var run = await OnboardAndUploadAsync(service, "otel-self");

        await service.App.Services.GetRequiredService<FeedPoller>().QueueChecksAsync(CancellationToken.None); // the timer's poll
        await ImportsEndedAsync(run);
        CapturedTelemetry.Flush(service.App.Services);

        await AssertExportedAsync(captured, run);
    }

    [Fact]
    public async Task Functions_app_exports_the_import_as_a_trace_metrics_and_logs_with_tenant_import_and_file_and_no_secret()
    {
        // The self-host only onboards the tenant (it shares the stores and settings); the Functions app's services run the import.
        await using var service = await TestService.StartAsync();
        var run = await OnboardAndUploadAsync(service, "otel-func");
        var captured = new CapturedTelemetry();
        // A work queue of its own, so the message its timer sends is taken by its queue trigger and not by the self-host.
        var settings = new Dictionary<string, string?>(service.Settings) { ["Queues:Name"] = $"{service.TablePrefix.ToLowerInvariant()}-functions" };
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)) // a host default that would drop Information events
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        captured.AddTo(services);
        await using var functions = services.BuildServiceProvider();
        CapturedTelemetry.Start(functions);

        var feed = new FeedFunctions(functions.GetRequiredService<HttpFunctionRunner>(), functions.GetRequiredService<FeedPoller>(), functions.GetRequiredService<FeedWorker>());
        await feed.PollFeeds(new TimerInfo(), CancellationToken.None);
        var queue = functions.GetRequiredService<Adapters.Queues.WorkQueue>();
        var taken = Assert.Single(await queue.TakeAsync(32, TimeSpan.FromMinutes(1), CancellationToken.None));
        var body = new BinaryData(Adapters.Queues.WorkQueue.Serialize(taken.Message));
        await feed.FeedWork(Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage(taken.MessageId, taken.PopReceipt, body, taken.DequeueCount), CancellationToken.None);
        await queue.CompleteAsync(taken, CancellationToken.None);
        CapturedTelemetry.Flush(functions);

        await AssertExportedAsync(captured, run);
    }

    [Fact]
    public void The_functions_host_sends_its_own_telemetry_with_OpenTelemetry_too()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "host.json")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("host.json is not above the test's folder.");
        }

        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "host.json")));
        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
        Assert.False(host.RootElement.GetProperty("logging").TryGetProperty("applicationInsights", out _)); // the classic SDK's settings are gone
    }

    private sealed record Run(string TenantId, string FileKey, HttpClient Admin, string[] Secrets);

    private static async Task<Run> OnboardAndUploadAsync(TestService service, string tenantId)
    {
        var admin = await service.OnboardTenantAsync(tenantId);
        await admin.SaveMappingAsync(tenantId, new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var (s3, bucket, _, secret) = await admin.IssueKeyAsync(tenantId);
        const string key = "exports/otel.csv";
        await s3.UploadAsync(bucket, key, $"Email,First,Last\nann@{tenantId}.example,Ann,Lee\nbob@{tenantId}.example,Bob,Ray\nnot-an-email,Cy,Day\n");
        return new Run(tenantId, key, admin, [secret, admin.DefaultRequestHeaders.Authorization!.Parameter!, service.OperatorKey]);
    }

    private static async Task ImportsEndedAsync(Run run)
    {
        var imports = await run.Admin.GetJsonAsync($"/api/tenants/{run.TenantId}/feed/imports");
        while (imports.GetProperty("items").GetArrayLength() == 0)
        {
            await Task.Delay(100);
            imports = await run.Admin.GetJsonAsync($"/api/tenants/{run.TenantId}/feed/imports");
        }

        await run.Admin.WaitForImportAsync(run.TenantId, imports.GetProperty("items")[0].Str("importId"));
    }

    private static async Task AssertExportedAsync(CapturedTelemetry captured, Run run)
    {
        var imports = await run.Admin.GetJsonAsync($"/api/tenants/{run.TenantId}/feed/imports");
        var record = Assert.Single(imports.GetProperty("items").EnumerateArray());
        var importId = record.Str("importId");
        Assert.Equal("completedWithErrors", record.Str("status"));

        // The trace: poll → tenant → import → plan, write, report, with the run's attributes from tenant on. The tenant's
        // span ends once the worker's after-work (dates, history pruning, health) is done, a moment after the import.
        for (var i = 0; i < 300 && !captured.Spans.Snapshot().Any(s => s.DisplayName == "tenant" && Tag(s, "tenant") == run.TenantId); i++)
        {
            await Task.Delay(100);
        }

        var spans = captured.Spans.Snapshot();
        var tenant = Assert.Single(spans, s => s.DisplayName == "tenant" && Tag(s, "tenant") == run.TenantId);
        var poll = Assert.Single(spans, s => s.DisplayName == "poll" && s.SpanId == tenant.ParentSpanId);
        var import = Assert.Single(spans, s => s.DisplayName == "import" && s.ParentSpanId == tenant.SpanId);
        Assert.Equal((run.TenantId, importId, run.FileKey), (Tag(import, "tenant"), Tag(import, "import"), Tag(import, "file")));
        foreach (var step in new[] { "plan", "write", "report" })
        {
            var span = Assert.Single(spans, s => s.DisplayName == step && s.ParentSpanId == import.SpanId);
            Assert.Equal((run.TenantId, importId, run.FileKey), (Tag(span, "tenant"), Tag(span, "import"), Tag(span, "file")));
        }

        Assert.All(new[] { poll, tenant, import }, s => Assert.Equal(poll.TraceId, s.TraceId));
        Assert.Equal(2, Assert.Single(spans, s => s.DisplayName == "write" && s.ParentSpanId == import.SpanId).GetTagItem("changes"));

        // The metrics: the run's counts, by tenant (and status).
        Assert.Equal(3, captured.Sum("udf.import.rows", run.TenantId));
        Assert.Equal(2, captured.Sum("udf.import.users.created", run.TenantId));
        Assert.Equal(1, captured.Sum("udf.import.row_errors", run.TenantId));
        Assert.Equal(1, captured.Sum("udf.imports", run.TenantId, "completedWithErrors"));
        Assert.True(captured.Sum("udf.import.duration", run.TenantId) > 0);

        // The logs: the import events at Information, with tenant, import and file as attributes, in the import's trace.
        var logs = captured.Logs.Snapshot().Where(l => CapturedTelemetry.Attribute(l, "ImportId") == importId).ToList();
        foreach (var name in new[] { "ImportStarted", "ImportEnded" })
        {
            var log = Assert.Single(logs, l => l.EventId.Name == name);
            Assert.Equal(LogLevel.Information, log.LogLevel);
            Assert.Equal((run.TenantId, run.FileKey), (CapturedTelemetry.Attribute(log, "TenantId"), CapturedTelemetry.Attribute(log, "FileKey")));
            Assert.Equal(import.TraceId, log.TraceId);
        }

        Assert.Equal("completedWithErrors", CapturedTelemetry.Attribute(Assert.Single(logs, l => l.EventId.Name == "ImportEnded"), "Status"));

        var text = captured.AllText().ToList();
        Assert.Contains(text, t => t.Contains(run.TenantId, StringComparison.Ordinal));
        foreach (var secret in run.Secrets)
        {
            Assert.DoesNotContain(text, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
