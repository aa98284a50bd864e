using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.S3.Model;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>The safety hold (SPEC §3), approve and reject, the per-tenant threshold, and the dry run.</summary>
public sealed class SafetyHoldTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    private static string Users(int from, int to) =>
        "Email,First,Last\r\n" + string.Concat(Enumerable.Range(from, to - from).Select(i => $"u{i}@hold.example,U{i},Lee\r\n"));

    private static async Task<FeedTenant> TenantWith20FeedUsersAsync(TestService service, string tenantId)
    {
        var tenant = await FeedTenant.CreateAsync(service, tenantId, Mapping);
        Assert.Equal(20, (await tenant.ImportAsync(Users(0, 20))).Count("created"));
        return tenant;
    }

    private static async Task<int> ActiveAsync(FeedTenant tenant) => (await tenant.UsersAsync()).Values.Count(u => u.Str("status") == "active");

    [Fact]
    public async Task Truncated_file_is_held_blocks_later_files_and_approval_applies_it_against_the_current_state()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20FeedUsersAsync(service, "hold-approve");

        var held = await tenant.ImportAsync(Users(0, 5));
        Assert.Equal("held", held.Str("status"));
        Assert.Contains("15 of 20", held.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(20, await ActiveAsync(tenant));
        await Task.Delay(1100);
        await tenant.S3.UploadAsync(tenant.Bucket, "later.csv", Users(0, 20));
        Assert.Empty(await tenant.Admin.PollAsync(tenant.TenantId));

        var approved = await tenant.Admin.ApproveAsync(tenant.TenantId, held.Str("importId"));

        Assert.Equal(("completed", 15), (approved.Str("status"), approved.Count("deactivated")));
        // The queue goes on after it: the later file, claimed once the hold was released, runs next and brings the 15 back.
        var imports = (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports")).GetProperty("items").EnumerateArray().ToList();
        var later = await tenant.Admin.WaitForImportAsync(tenant.TenantId, imports.Single(i => i.Str("fileKey") == "later.csv").Str("importId"));
        Assert.Equal(15, later.Count("reactivated"));
        Assert.True(later.GetProperty("finishedAt").GetDateTimeOffset() >= approved.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(20, await ActiveAsync(tenant));
        await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{held.Str("importId")}/approve", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rejected_hold_applies_nothing_and_moves_the_file_to_failed()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20FeedUsersAsync(service, "hold-reject");
        var held = await tenant.ImportAsync(Users(0, 5));

        var rejected = await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{held.Str("importId")}/reject", HttpStatusCode.OK);

        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal(20, await ActiveAsync(tenant));
        var failed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = BucketLayout.Failed });
        Assert.Equal(BucketLayout.FailedKey(held.Str("importId"), "exports/file-2.csv"), Assert.Single(failed.S3Objects).Key);
        Assert.Contains("\"rejected\"", await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(held.Str("importId"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_setting_every_feed_user_to_status_0_is_held_and_approval_deactivates_them()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "hold-status", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["status"] = "Status" });
        string File(int status) => "Email,First,Last,Status\r\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"u{i}@status.example,U{i},Lee,{status}\r\n"));
        Assert.Equal(30, (await tenant.ImportAsync(File(1))).Count("created"));

        var held = await tenant.ImportAsync(File(0));

        Assert.Equal(("held", 30, 0), (held.Str("status"), held.Count("deactivated"), held.Count("updated")));
        Assert.Contains("30 of 30", held.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(30, await ActiveAsync(tenant));
        var approved = await tenant.Admin.ApproveAsync(tenant.TenantId, held.Str("importId"));
        Assert.Equal(("completed", 30), (approved.Str("status"), approved.Count("deactivated")));
        Assert.Equal(0, await ActiveAsync(tenant));
    }

    [Fact]
    public async Task Empty_file_while_feed_users_exist_is_held()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20FeedUsersAsync(service, "hold-empty");

        var held = await tenant.ImportAsync("Email,First,Last\r\n");

        Assert.Equal("held", held.Str("status"));
        Assert.Contains("no data rows", held.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(20, await ActiveAsync(tenant));
    }

    [Fact]
    public async Task Hold_threshold_is_a_tenant_setting_readable_and_changeable_through_the_api()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20FeedUsersAsync(service, "hold-settings");
        var defaults = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings");
        Assert.Equal((20, 10), (defaults.GetProperty("hold").GetProperty("percent").GetInt32(), defaults.GetProperty("hold").GetProperty("minimum").GetInt32()));

        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 101, minimum = -1 } }, HttpStatusCode.BadRequest);
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 80, minimum = 10 } });
        var record = await tenant.ImportAsync(Users(0, 5));

        Assert.Equal(("completed", 15), (record.Str("status"), record.Count("deactivated")));
    }

    [Fact]
    public async Task Dry_run_reports_what_a_file_would_do_and_writes_nothing()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20FeedUsersAsync(service, "dry-run");
        var csv = Users(0, 5) + "bad-email,Bad,Row\r\n";
        var before = await TableSnapshot.TakeAsync(service.TablePrefix);
        var objectsBefore = (await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket })).S3Objects.Count;

        var dry = await (await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/dry-run",
            new StringContent(csv, Encoding.UTF8, "text/csv"))).JsonAsync(HttpStatusCode.OK);
        var failed = await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/dry-run",
            new ByteArrayContent(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n")).ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } });

        Assert.Equal(before, await TableSnapshot.TakeAsync(service.TablePrefix));
        Assert.Equal(objectsBefore, (await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket })).S3Objects.Count);
        Assert.True(dry.GetProperty("held").GetBoolean());
        Assert.Equal((6, 15, 5, 1), (dry.Count("rows"), dry.Count("deactivated"), dry.Count("unchanged"), dry.Count("errors")));
        Assert.Equal("invalid-email", Assert.Single(dry.GetProperty("errors").EnumerateArray()).Str("code"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.StatusCode);
        var real = await tenant.ImportAsync(csv);
        Assert.Equal(dry.GetProperty("counts").GetRawText(), real.GetProperty("counts").GetRawText());
    }
}
