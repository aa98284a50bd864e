using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.S3.Model;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>Each feed rule of SPEC §3 through HTTP and S3 (the planner tests prove each one in detail).</summary>
public sealed class FeedRulesEndToEndTests
{
    private const string Header = HrFile.Header;

    [Fact]
    public async Task Mixed_file_gives_exact_users_an_errors_listing_and_a_neutralised_errors_csv_readable_with_the_tenant_key()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "mixed");

        var record = await tenant.ImportAsync(Header +
            "ann@mixed.example,Ann,Lee,1,Manager|Wizard,boss@mixed.example,E1,Sales\r\n" +
            "boss@mixed.example,Bo,Ss,active,Administrator,,E2,Board\r\n" +
            "=HYPERLINK(\"x\"),Evil,Cell,1,,,E3,\r\n" +
            "cat@mixed.example,Cat,Ng,maybe,,,E4,\r\n" +
            "dup1@mixed.example,Dan,One,1,,,E5,\r\n" +
            "dup2@mixed.example,Dan,Two,1,,,E5,\r\n" +
            "eve@mixed.example,Eve,Ray,0,,ghost@mixed.example,E6,Ops\r\n");

        Assert.Equal("completedWithErrors", record.Str("status"));
        Assert.Equal((7, 3, 4, 2), (record.Count("rows"), record.Count("created"), record.Count("errors"), record.Count("warnings")));
        var users = await tenant.UsersAsync();
        Assert.Equal(["ann@mixed.example", "boss@mixed.example", "eve@mixed.example"], users.Keys.Order());
        Assert.Equal(["Learner", "Manager"], users["ann@mixed.example"].Strings("roles"));
        Assert.Equal(["boss@mixed.example"], users["ann@mixed.example"].Strings("managers"));
        Assert.Equal(["Learner", "Manager", "Administrator"], users["boss@mixed.example"].Strings("roles"));
        Assert.Equal("inactive", users["eve@mixed.example"].Str("status"));
        Assert.Empty(users["eve@mixed.example"].Strings("managers"));

        var issues = await tenant.IssuesAsync(record.Str("importId"));
        var errors = issues.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.Str("column"), e.Str("code"))).ToList();
        Assert.Equal([(3, "Email", "invalid-email"), (4, "Status", "invalid-status"), (5, "EmployeeId", "duplicate-key"), (6, "EmployeeId", "duplicate-key")], errors);
        var warnings = issues.GetProperty("warnings").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.Str("value"), e.Str("code"))).ToList();
        Assert.Equal([(1, "Wizard", "unknown-role"), (7, "ghost@mixed.example", "unknown-manager")], warnings);
        Assert.All(issues.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.Str("message"))));

        var errorsCsv = await tenant.ReadAsTenantAsync(BucketLayout.ErrorsKey(record.Str("importId")));
        Assert.StartsWith("row,severity,column,value,code,reason\r\n", errorsCsv, StringComparison.Ordinal);
        Assert.Contains("3,error,Email,\"'=HYPERLINK(\"\"x\"\")\",invalid-email,", errorsCsv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", errorsCsv, StringComparison.Ordinal);
        Assert.Contains("\"completedWithErrors\"", await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(record.Str("importId"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_with_more_cells_than_the_header_is_a_row_error_and_no_value_lands_in_another_field()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "shifted", new()
        {
            ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["managers"] = "Managers", ["roles"] = "Roles", ["custom.department"] = "Dept",
        });
        const string Head = "Email,First,Last,Managers,Roles,Dept\r\nann@bad.example,Ann,Lee,,,Board\r\n";
        await tenant.ImportAsync(Head + "cat@bad.example,Cat,Kim,ann@bad.example,Manager,Ops\r\n");

        var record = await tenant.ImportAsync(Head + "cat@bad.example,Cat,Kim, PhD,ann@bad.example,Manager,Ops\r\n");

        Assert.Equal(("completedWithErrors", 1, 0, 0), (record.Str("status"), record.Count("errors"), record.Count("warnings"), record.Count("deactivated")));
        var error = Assert.Single((await tenant.IssuesAsync(record.Str("importId"))).GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "cell-count"), (error.GetProperty("row").GetInt32(), error.Str("code")));
        Assert.Contains("7 cells but the header has 6", error.Str("message"), StringComparison.Ordinal);
        var cat = (await tenant.UsersAsync())["cat@bad.example"];
        Assert.Equal(("Ops", "active"), (cat.GetProperty("customFields").Str("department"), cat.Str("status")));
        Assert.Equal(["ann@bad.example"], cat.Strings("managers"));
        Assert.Equal(["Learner", "Manager"], cat.Strings("roles"));
    }

    [Fact]
    public async Task Platform_granted_roles_survive_the_feed_and_feed_granted_roles_follow_the_latest_file()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "roles");
        await tenant.PutPlatformUserAsync("pat@roles.example", "Administrator");

        await tenant.ImportAsync(Header + "pat@roles.example,Pat,Form,1,Manager,,E1,\r\nann@roles.example,Ann,Lee,1,administrator|MANAGER,,E2,\r\n");
        var first = await tenant.UsersAsync();
        await tenant.ImportAsync(Header + "pat@roles.example,Pat,Form,1,,,E1,\r\nann@roles.example,Ann,Lee,1,Manager,,E2,\r\n");
        var second = await tenant.UsersAsync();

        Assert.Equal(["Learner", "Manager", "Administrator"], first["pat@roles.example"].Strings("roles"));
        Assert.Equal(["Learner", "Administrator"], second["pat@roles.example"].Strings("roles"));
        Assert.Equal(["Learner", "Manager", "Administrator"], first["ann@roles.example"].Strings("roles"));
        Assert.Equal(["Learner", "Manager"], second["ann@roles.example"].Strings("roles"));
    }

    [Fact]
    public async Task Derived_manager_role_is_recomputed_on_every_file_even_for_platform_users_absent_from_it()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "managers");
        await tenant.PutPlatformUserAsync("pat@managers.example");

        await tenant.ImportAsync(Header + "ann@managers.example,Ann,Lee,1,,pat@managers.example,E1,\r\n");
        var listed = await tenant.UsersAsync();
        await tenant.ImportAsync(Header + "ann@managers.example,Ann,Lee,1,,,E1,\r\n");
        var unlisted = await tenant.UsersAsync();

        Assert.Equal(["Learner", "Manager"], listed["pat@managers.example"].Strings("roles"));
        Assert.Equal(["pat@managers.example"], listed["ann@managers.example"].Strings("managers"));
        Assert.Equal(["Learner"], unlisted["pat@managers.example"].Strings("roles"));
        Assert.Empty(unlisted["ann@managers.example"].Strings("managers"));
    }

    [Fact]
    public async Task Changed_row_merged_into_a_user_not_read_back_keeps_what_the_file_does_not_decide()
    {
        await using var service = await TestService.StartAsync();
        var withSite = new Dictionary<string, string>(FeedTenant.FullMapping) { ["custom.site"] = "Site" };
        var tenant = await FeedTenant.CreateAsync(service, "merge", withSite, ("site", "Site"));
        await tenant.ImportAsync("Email,First,Last,Status,Roles,Manager,EmployeeId,Dept,Site\r\nann@merge.example,Ann,Lee,1,Manager,,E1,Sales,HQ\r\nbob@merge.example,Bob,Ray,1,,ann@merge.example,E2,Ops,HQ\r\n");
        await tenant.Admin.SaveMappingAsync(tenant.TenantId, FeedTenant.FullMapping); // site no longer mapped: the feed leaves it alone
        await tenant.ImportAsync(Header + "ann@merge.example,Ann,Lee,1,Manager,,E1,Sales\r\nbob@merge.example,Bob,Ray,1,,ann@merge.example,E2,Ops\r\n");
        var before = await tenant.UsersAsync();

        var record = await tenant.ImportAsync(Header + "ann@merge.example,Anne,Lee,1,,,E1,\r\nbob@merge.example,Bob,Ray,1,,ann@merge.example,E2,Ops\r\n");

        Assert.Equal((1, 1), (record.Count("updated"), record.Count("unchanged")));
        var ann = (await tenant.UsersAsync())["ann@merge.example"];
        Assert.Equal(("Anne", "HQ", false), (ann.Str("firstName"), ann.GetProperty("customFields").GetProperty("site").GetString(), ann.GetProperty("customFields").TryGetProperty("department", out _)));
        Assert.Equal(["Learner", "Manager"], ann.Strings("roles")); // derived: Bob still reports to Ann
        Assert.Equal((before["ann@merge.example"].Str("createdAt"), "feed", "E1"), (ann.Str("createdAt"), ann.Str("createdBy"), ann.Str("externalId")));
        Assert.NotEqual(before["ann@merge.example"].Str("updatedAt"), ann.Str("updatedAt"));
    }

    [Fact]
    public async Task External_id_email_change_updates_the_same_user_and_a_colliding_email_is_a_row_error()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "extid");
        await tenant.ImportAsync(Header + "ann@old.example,Ann,Lee,1,,,E1,Sales\r\nbob@extid.example,Bob,Ray,1,,,E2,\r\n");
        var before = await tenant.Admin.GetJsonAsync("/api/tenants/extid/users/ann@old.example");

        var record = await tenant.ImportAsync(Header + "ann@new.example,Ann,Lee,1,,,E1,Sales\r\nann@new.example,Bob,Ray,1,,,E2,\r\n");
        record = await tenant.ImportAsync(Header + "ann@new.example,Ann,Lee,1,,,E1,Sales\r\nbob@extid.example,Bob,Ray,1,,,E2,\r\n");
        var users = await tenant.UsersAsync();

        Assert.Equal(["ann@new.example", "bob@extid.example"], users.Keys.Order());
        Assert.Equal(before.Str("createdAt"), users["ann@new.example"].Str("createdAt"));
        Assert.Equal("E1", users["ann@new.example"].Str("externalId"));
        Assert.Equal((1, 0, 0), (record.Count("updated"), record.Count("created"), record.Count("deactivated")));
        await tenant.Admin.GetJsonAsync("/api/tenants/extid/users/ann@old.example", HttpStatusCode.NotFound);

        var collision = await tenant.ImportAsync(Header + "ann@new.example,Ann,Lee,1,,,E1,Sales\r\nann@new.example,Bob,Ray,1,,,E2,\r\n");
        Assert.Equal(2, collision.Count("errors"));
        Assert.Equal("Bob", (await tenant.UsersAsync())["bob@extid.example"].Str("firstName"));
    }

    [Fact]
    public async Task Strict_status_deactivates_on_0_and_a_blank_status_is_a_row_error_leaving_the_user_unchanged()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "status");
        await tenant.ImportAsync(Header + "ann@status.example,Ann,Lee,yes,,,E1,\r\nbob@status.example,Bob,Ray,TRUE,,,E2,\r\n");

        var record = await tenant.ImportAsync(Header + "ann@status.example,Ann,Lee,inactive,,,E1,\r\nbob@status.example,Robert,Ray,,,,E2,\r\n");
        var users = await tenant.UsersAsync();

        Assert.Equal("inactive", users["ann@status.example"].Str("status"));
        Assert.Equal(("active", "Bob"), (users["bob@status.example"].Str("status"), users["bob@status.example"].Str("firstName")));
        Assert.Equal((1, 1), (record.Count("errors"), record.Count("deactivated"))); // set inactive by the status column: a deactivation
    }

    [Fact]
    public async Task Duplicate_keys_are_all_errors_and_that_user_stays_unchanged_and_present()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "dups", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        await tenant.ImportAsync("Email,First,Last\r\nann@dups.example,Ann,Lee\r\n");

        var record = await tenant.ImportAsync("Email,First,Last\r\nann@dups.example,Anna,Lee\r\nANN@dups.example,Annie,Lee\r\n");

        var ann = (await tenant.UsersAsync())["ann@dups.example"];
        Assert.Equal(("Ann", "active"), (ann.Str("firstName"), ann.Str("status")));
        Assert.Equal((2, 0), (record.Count("errors"), record.Count("deactivated")));
    }

    [Fact]
    public async Task Platform_edit_between_two_identical_files_is_overwritten_by_the_second_file()
    {
        // The second file is byte-for-byte the first, so only the user digest's invalidation makes the feed look at Ann again.
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "edits");
        var file = Header + "ann@edits.example,Ann,Lee,1,,,E1,Sales\r\nbob@edits.example,Bob,Ray,1,,,E2,Ops\r\n";
        await tenant.ImportAsync(file);
        await tenant.Admin.PutJsonAsync("/api/tenants/edits/users/ann@edits.example", new { firstName = "Edited", lastName = "OnPlatform" });

        var record = await tenant.ImportAsync(file);

        Assert.Equal(("Ann", "Lee"), ((await tenant.UsersAsync())["ann@edits.example"].Str("firstName"), (await tenant.UsersAsync())["ann@edits.example"].Str("lastName")));
        Assert.Equal((1, 1), (record.Count("updated"), record.Count("unchanged")));
    }

    [Fact]
    public async Task Blank_cell_in_a_mapped_optional_column_clears_the_value()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "blanks");
        await tenant.ImportAsync(Header + "ann@blanks.example,Ann,Lee,1,Administrator,,E1,Sales\r\n");

        await tenant.ImportAsync(Header + "ann@blanks.example,Ann,Lee,1,,,E1,\r\n");

        var ann = (await tenant.UsersAsync())["ann@blanks.example"];
        Assert.False(ann.GetProperty("customFields").TryGetProperty("department", out _));
        Assert.Equal(["Learner"], ann.Strings("roles"));
    }

    [Fact]
    public async Task Feed_user_deactivated_for_absence_is_reactivated_when_listed_again()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "reactivate", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        await tenant.ImportAsync("Email,First,Last\r\nann@re.example,Ann,Lee\r\nbob@re.example,Bob,Ray\r\n");
        await tenant.ImportAsync("Email,First,Last\r\nann@re.example,Ann,Lee\r\n");
        Assert.Equal("inactive", (await tenant.UsersAsync())["bob@re.example"].Str("status"));

        var record = await tenant.ImportAsync("Email,First,Last\r\nann@re.example,Ann,Lee\r\nbob@re.example,Bob,Ray\r\n");

        Assert.Equal("active", (await tenant.UsersAsync())["bob@re.example"].Str("status"));
        Assert.Equal(1, record.Count("reactivated"));
    }

    [Theory]
    [InlineData("utf16-excel-unicode-text.csv", "UTF-16")]
    [InlineData("windows-1252.csv", "not UTF-8")]
    [InlineData("binary.xlsx", "binary")]
    [InlineData("unterminated-quote.csv", "quote")]
    [InlineData("missing-column.csv", "'First'")]
    [InlineData("empty.csv", "no header")]
    public async Task Unreadable_files_fail_as_a_whole_and_move_to_failed(string fixture, string reason)
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "files", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });

        var record = await tenant.ImportAsync(await File.ReadAllBytesAsync(Path.Combine("Data", fixture)));

        Assert.Equal("failed", record.Str("status"));
        Assert.Contains(reason, record.Str("reason"), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await tenant.UsersAsync());
        var failed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = BucketLayout.Failed });
        Assert.Single(failed.S3Objects);
    }

    [Theory]
    [InlineData("excel-utf8-bom-quoted.csv", 3)]
    [InlineData("semicolon-excel-de.csv", 1)]
    [InlineData("tab-separated.tsv", 1)]
    public async Task Spreadsheet_exports_import_and_move_to_processed(string fixture, int users)
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "exports", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["custom.department"] = "Dept" });

        var record = await tenant.ImportAsync(await File.ReadAllBytesAsync(Path.Combine("Data", fixture)));

        Assert.Equal("completed", record.Str("status"));
        Assert.Equal(users, (await tenant.UsersAsync()).Count);
        var processed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = BucketLayout.Processed });
        Assert.Single(processed.S3Objects);
    }

    [Fact]
    public async Task File_over_the_size_limit_is_rejected_as_a_whole()
    {
        await using var service = await TestService.StartAsync(s => s["Feed:MaxFileBytes"] = "64");
        var tenant = await FeedTenant.CreateAsync(service, "toobig", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });

        var record = await tenant.ImportAsync("Email,First,Last\r\nann@toobig.example,Ann,Lee\r\nbob@toobig.example,Bob,Ray\r\n");

        Assert.Equal("failed", record.Str("status"));
        Assert.Contains("over the limit", record.Str("reason"), StringComparison.Ordinal);
        Assert.Empty(await tenant.UsersAsync());
    }

    [Fact]
    public async Task Template_saved_with_its_own_header_as_mapping_imports_cleanly()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("template", ("department", "Department"));

        var response = await admin.GetAsync("/api/tenants/template/feed/template");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var preview = await (await admin.PostAsync("/api/tenants/template/feed/mapping/preview", new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } })).JsonAsync(HttpStatusCode.OK);
        var suggested = preview.GetProperty("suggestedMapping").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(Core.Mapping.PlatformFields.Standard.Count + 1, suggested.Count); // every platform field and the custom one
        Assert.Equal("Groups", suggested["groups"]);
        await admin.SaveMappingAsync("template", suggested);
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("template");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "template.csv", InputStream = new MemoryStream(bytes) });

        var importId = Assert.Single(await admin.PollAsync("template"));

        var record = await admin.GetJsonAsync($"/api/tenants/template/feed/imports/{importId}");
        Assert.Equal(("completed", 1, 0, 0), (record.Str("status"), record.Count("created"), record.Count("errors"), record.Count("warnings")));
        Assert.Equal(2, record.Count("groups")); // the example row's
    }

    [Fact]
    public async Task Mapping_preview_reads_a_multipart_sample_suggests_a_mapping_and_touches_no_user()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("preview", ("department", "Department"));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("Employee ID\tGiven Name\tSurname\tWork Email\tLine Manager\tDepartment\nE1\tAnn\tLee\tann@p.example\t\tSales\n")), "file", "sample.tsv" },
        };

        var preview = await (await admin.PostAsync("/api/tenants/preview/feed/mapping/preview", form)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("\t", preview.Str("delimiter"));
        Assert.Equal("utf-8", preview.Str("encoding"));
        Assert.Equal(6, preview.GetProperty("columns").GetArrayLength());
        var suggested = preview.GetProperty("suggestedMapping");
        Assert.Equal(("Work Email", "Employee ID", "Line Manager", "Department"),
            (suggested.Str("email"), suggested.Str("externalId"), suggested.Str("managers"), suggested.Str("custom.department")));
        Assert.Empty(await admin.UsersAsync("preview"));
        var utf16 = await admin.PostAsync("/api/tenants/preview/feed/mapping/preview", new ByteArrayContent(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("a,b\n")).ToArray()));
        Assert.Contains("UTF-16", (await utf16.JsonAsync(HttpStatusCode.BadRequest)).Str("detail"), StringComparison.Ordinal);
    }
}
