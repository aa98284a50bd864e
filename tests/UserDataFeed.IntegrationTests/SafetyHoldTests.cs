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

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // without history, the users known by digest alone are patched unread: the list reads them for their names
    public async Task Held_file_lists_whom_it_would_deactivate_and_why_paged_in_the_api_and_in_its_report(bool keepHistory)
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, keepHistory ? "hold-list" : "hold-list-nh",
            new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["status"] = "Status", ["endDate"] = "End Date" });
        if (!keepHistory)
        {
            await tenant.KeepNoHistoryAsync();
        }

        string Row(int i, int status = 1, string end = "") => $"u{i}@list.example,{(i == 0 ? "=cmd" : $"U{i}")},Lee,{status},{end}\r\n";
        const string Header = "Email,First,Last,Status,End Date\r\n";
        Assert.Equal(30, (await tenant.ImportAsync(Header + string.Concat(Enumerable.Range(0, 30).Select(i => Row(i))))).Count("created"));

        // 0–3 absent, 4–7 status 0, 8–11 an end date that has passed, 12–29 as they were: 12 of 30 is more than the hold allows.
        var held = await tenant.ImportAsync(Header + string.Concat(Enumerable.Range(4, 26).Select(i =>
            i < 8 ? Row(i, status: 0) : i < 12 ? Row(i, end: "2020-01-31") : Row(i))));
        Assert.Equal(("held", 12), (held.Str("status"), held.Count("deactivated")));
        var importId = held.Str("importId");

        var listed = await DeactivationsAsync(tenant, importId, pageSize: 5);

        Assert.Equal([5, 5, 2], listed.Pages);
        var expected = Enumerable.Range(0, 12).ToDictionary(i => $"u{i}@list.example", i => i < 4 ? "absent from file" : i < 8 ? "status column" : "end date passed");
        Assert.Equal(expected, listed.Items.ToDictionary(d => d.Str("email"), d => d.Str("reason")));
        var users = await tenant.UsersAsync();
        Assert.All(listed.Items, d => Assert.Equal(
            (users[d.Str("email")].Str("firstName"), "Lee", true), (d.Str("firstName"), d.Str("lastName"), d.Str("userId").Length > 0)));
        Assert.Equal(30, await ActiveAsync(tenant));

        // The report in the bucket, readable with IT's key: the count in the summary, each user in the CSV (cells neutralised).
        var summary = System.Text.Json.JsonDocument.Parse(await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(importId))).RootElement.GetProperty("heldDeactivations");
        Assert.Equal((12, BucketLayout.DeactivationsKey(importId)), (summary.GetProperty("count").GetInt32(), summary.Str("file")));
        var csv = (await tenant.ReadAsTenantAsync(BucketLayout.DeactivationsKey(importId))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,userId,externalId,firstName,lastName,reason", csv[0]);
        Assert.Equal(expected, csv[1..].Select(line => line.Split(',')).ToDictionary(cells => cells[0], cells => cells[5]));
        Assert.Equal("'=cmd", csv.Single(line => line.StartsWith("u0@", StringComparison.Ordinal)).Split(',')[3]);

        // Approved, the list stays: what the file was held for.
        var approved = await tenant.Admin.ApproveAsync(tenant.TenantId, importId);
        Assert.Equal(("completed", 12), (approved.Str("status"), approved.Count("deactivated")));
        Assert.Equal(expected.Keys.Order(), (await DeactivationsAsync(tenant, importId, pageSize: 100)).Items.Select(d => d.Str("email")).Order());
    }

    [Fact]
    public async Task Deactivations_of_an_import_that_was_not_held_are_none_and_of_an_unknown_import_404()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20FeedUsersAsync(service, "hold-none");
        var applied = await tenant.ImportAsync(Users(0, 19));
        Assert.Equal(("completed", 1), (applied.Str("status"), applied.Count("deactivated")));

        Assert.Empty((await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{applied.Str("importId")}/deactivations")).GetProperty("items").EnumerateArray());
        await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/no-such-import/deactivations", HttpStatusCode.NotFound);
        await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{applied.Str("importId")}/deactivations?pageSize=0", HttpStatusCode.BadRequest);
    }

    /// <summary>Every page of a held import's deactivations: the items, and each page's size.</summary>
    private static async Task<(List<System.Text.Json.JsonElement> Items, List<int> Pages)> DeactivationsAsync(FeedTenant tenant, string importId, int pageSize)
    {
        var (items, pages) = (new List<System.Text.Json.JsonElement>(), new List<int>());
        string? token = null;
        do
        {
            var query = $"?pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{importId}/deactivations{query}");
            var got = page.GetProperty("items").EnumerateArray().ToList();
            items.AddRange(got);
            pages.Add(got.Count);
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return (items, pages);
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
