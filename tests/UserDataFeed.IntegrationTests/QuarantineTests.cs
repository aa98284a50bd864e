using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters.Queues;

namespace UserDataFeed.IntegrationTests;

/// <summary>Quarantine (issue 16): a feed whose files keep failing pauses itself; its later files wait, in order, until an admin resumes it.</summary>
public sealed class QuarantineTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    private const string BadFile = "Mail,Name\r\nann@q.example,Ann\r\n"; // the mapped columns are missing: the file fails as a whole

    private static string GoodFile(string who) => $"Email,First,Last\r\n{who}@q.example,{who},Lee\r\n";

    private static async Task QueueEmptiedAsync(TestService service)
    {
        var queue = service.App.Services.GetRequiredService<WorkQueue>();
        for (var i = 0; i < 600 && await queue.ApproximateCountAsync(CancellationToken.None) > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await queue.ApproximateCountAsync(CancellationToken.None));
    }

    private static async Task<JsonElement> PauseAsync(FeedTenant tenant) =>
        (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/health")).GetProperty("pause");

    [Fact]
    public async Task Five_failed_files_pause_the_feed_the_sixth_file_waits_and_resume_runs_it()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "quarantine", Mapping);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal("failed", (await tenant.ImportAsync(BadFile)).Str("status"));
        }

        var before = await PauseAsync(tenant);
        var fifth = await tenant.ImportAsync(BadFile);
        var paused = await PauseAsync(tenant);
        await tenant.S3.UploadAsync(tenant.Bucket, "exports/sixth.csv", GoodFile("six"));
        var sixth = Assert.Single(await tenant.Admin.QueuePollAsync(tenant.TenantId));
        await QueueEmptiedAsync(service); // a worker took the poll's check, which would have run the file were the feed not paused
        var waiting = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{sixth}");
        var stillUploaded = await Api.StatusOfAsync(() => service.ServiceS3().GetObjectMetadataAsync(tenant.Bucket, "exports/sixth.csv"));

        Assert.Equal((false, 4, 5), (before.GetProperty("paused").GetBoolean(), before.GetProperty("consecutiveFailedFiles").GetInt32(), before.GetProperty("pauseAfterFailedFiles").GetInt32()));
        Assert.Equal("failed", fifth.Str("status"));
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Contains("5 files in a row failed", paused.Str("reason"), StringComparison.Ordinal);
        Assert.Contains(fifth.Str("importId"), paused.Str("reason"), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, paused.GetProperty("pausedAt").ValueKind);
        Assert.Equal(("running", "queued"), (waiting.Str("status"), waiting.GetProperty("progress").Str("phase")));
        Assert.Equal(HttpStatusCode.OK, stillUploaded);
        Assert.Empty(await tenant.UsersAsync());

        var resumed = await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/resume", HttpStatusCode.Accepted);
        var ran = await tenant.Admin.WaitForImportAsync(tenant.TenantId, sixth);

        Assert.False(resumed.GetProperty("pause").GetProperty("paused").GetBoolean());
        Assert.Equal([sixth], resumed.Strings("importIds"));
        Assert.Equal(("completed", 1), (ran.Str("status"), ran.Count("created")));
        Assert.Equal(["six@q.example"], (await tenant.UsersAsync()).Keys);
        var after = await PauseAsync(tenant);
        Assert.Equal((false, 0), (after.GetProperty("paused").GetBoolean(), after.GetProperty("consecutiveFailedFiles").GetInt32()));
        await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/resume", HttpStatusCode.Conflict);
        var audit = (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/audit")).GetProperty("items")[0];
        Assert.Equal("feed.resumed", audit.Str("action"));
        Assert.Contains("5 files in a row failed", audit.Str("changes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_file_ends_the_run_of_failures_and_the_threshold_is_a_tenant_setting()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "quarantine-set", Mapping);
        var settings = "/api/tenants/quarantine-set/feed/settings";
        var invalid = await tenant.Admin.PutJsonAsync(settings, new { hold = new { percent = 20, minimum = 10 }, pauseAfterFailedFiles = 101 }, HttpStatusCode.BadRequest);
        var saved = await tenant.Admin.PutJsonAsync(settings, new { hold = new { percent = 20, minimum = 10 }, pauseAfterFailedFiles = 2 });

        await tenant.ImportAsync(BadFile);
        await tenant.ImportAsync(GoodFile("ann"));
        await tenant.ImportAsync(BadFile);
        var afterOneFailure = await PauseAsync(tenant);
        await tenant.ImportAsync(BadFile);
        var afterTwo = await PauseAsync(tenant);

        Assert.True(invalid.GetProperty("errors").TryGetProperty("pauseAfterFailedFiles", out _));
        Assert.Equal(2, saved.GetProperty("pauseAfterFailedFiles").GetInt32());
        Assert.Equal(2, (await tenant.Admin.GetJsonAsync(settings)).GetProperty("pauseAfterFailedFiles").GetInt32());
        Assert.Equal((false, 1), (afterOneFailure.GetProperty("paused").GetBoolean(), afterOneFailure.GetProperty("consecutiveFailedFiles").GetInt32()));
        Assert.Equal((true, 2), (afterTwo.GetProperty("paused").GetBoolean(), afterTwo.GetProperty("consecutiveFailedFiles").GetInt32()));
        Assert.Contains("pauseAfterFailedFiles: 5 → 2", (await tenant.Admin.GetJsonAsync("/api/tenants/quarantine-set/feed/audit")).GetProperty("items")[0].Str("changes"), StringComparison.Ordinal);
    }
}
