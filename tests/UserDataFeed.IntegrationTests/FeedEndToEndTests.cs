using System.Net;
using Amazon.S3.Model;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>The whole path on real stores: HTTP → S3 (with the tenant's issued key) → poll → Tables.</summary>
public sealed class FeedEndToEndTests
{
    private static readonly Dictionary<string, string> Mapping = new()
    {
        ["email"] = "Work Email",
        ["firstName"] = "Given Name",
        ["lastName"] = "Surname",
        ["custom.department"] = "Dept",
    };

    [Fact]
    public async Task Onboarded_tenant_imports_a_file_uploaded_with_its_key_and_the_next_file_deactivates_an_absent_feed_user()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("acme", ("department", "Department"));
        await admin.SaveMappingAsync("acme", Mapping);
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("acme");
        await admin.PutJsonAsync("/api/tenants/acme/users/pat@acme.example", new { firstName = "Pat", lastName = "Kim" }, HttpStatusCode.Created);

        await s3.UploadAsync(bucket, "exports/2026-11-01.csv",
            "Work Email,Given Name,Surname,Dept\r\nann@acme.example,Ann,Lee,Sales\r\nbob@acme.example,Bob,Ray,Support\r\n");
        var first = Assert.Single(await admin.PollAsync("acme"));

        var users = await admin.UsersAsync("acme");
        Assert.Equal(["ann@acme.example", "bob@acme.example", "pat@acme.example"], users.Keys.Order());
        Assert.Equal("Ann", users["ann@acme.example"].GetProperty("firstName").GetString());
        Assert.Equal("Sales", users["ann@acme.example"].GetProperty("customFields").GetProperty("department").GetString());
        Assert.Equal("feed", users["bob@acme.example"].GetProperty("createdBy").GetString());
        var record = await admin.GetJsonAsync($"/api/tenants/acme/feed/imports/{first}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal(2, record.GetProperty("counts").GetProperty("created").GetInt32());

        await s3.UploadAsync(bucket, "exports/2026-11-02.csv", "Work Email,Given Name,Surname,Dept\r\nann@acme.example,Ann,Lee,Marketing\r\n");
        var second = Assert.Single(await admin.PollAsync("acme"));

        users = await admin.UsersAsync("acme");
        Assert.Equal("inactive", users["bob@acme.example"].GetProperty("status").GetString());
        Assert.Equal("active", users["pat@acme.example"].GetProperty("status").GetString());
        Assert.Equal("active", users["ann@acme.example"].GetProperty("status").GetString());
        Assert.Equal("Marketing", users["ann@acme.example"].GetProperty("customFields").GetProperty("department").GetString());
        var counts = (await admin.GetJsonAsync($"/api/tenants/acme/feed/imports/{second}")).GetProperty("counts");
        Assert.Equal((1, 1, 0), (counts.GetProperty("updated").GetInt32(), counts.GetProperty("deactivated").GetInt32(), counts.GetProperty("created").GetInt32()));

        var listed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var keys = listed.S3Objects.Select(o => o.Key).ToList();
        Assert.Contains(BucketLayout.ProcessedKey(first, "exports/2026-11-01.csv"), keys);
        Assert.Contains(BucketLayout.ProcessedKey(second, "exports/2026-11-02.csv"), keys);
        Assert.DoesNotContain("exports/2026-11-01.csv", keys);
        var imports = await admin.GetJsonAsync("/api/tenants/acme/feed/imports");
        Assert.Equal([second, first], imports.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("importId").GetString()));
    }

    [Fact]
    public async Task Import_records_and_users_are_listed_in_pages_newest_import_first()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "pages", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add((await tenant.ImportAsync($"Email,First,Last\r\nu1@pages.example,U,{i}\r\nu2@pages.example,V,{i}\r\nu3@pages.example,W,{i}\r\n")).Str("importId"));
        }

        var first = await tenant.Admin.GetJsonAsync("/api/tenants/pages/feed/imports?pageSize=2");
        var token = first.Str("continuationToken");
        var second = await tenant.Admin.GetJsonAsync($"/api/tenants/pages/feed/imports?pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        var users = await tenant.Admin.GetJsonAsync("/api/tenants/pages/users?pageSize=2");

        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(i => i.Str("importId")));
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(i => i.Str("importId")));
        Assert.Equal(2, users.GetProperty("items").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(users.Str("continuationToken")));
        await tenant.Admin.GetJsonAsync("/api/tenants/pages/feed/imports?pageSize=0", System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Polling_again_applies_nothing_twice()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("once");
        await admin.SaveMappingAsync("once", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("once");
        await s3.UploadAsync(bucket, "a.csv", "Email,First,Last\nann@once.example,Ann,Lee\n");

        Assert.Single(await admin.PollAsync("once"));
        Assert.Empty(await admin.PollAsync("once"));
    }

    [Fact]
    public async Task Same_bytes_uploaded_again_after_a_failed_file_are_a_new_delivery_with_a_record_and_a_result()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "again-failed", new() { ["email"] = "Email", ["firstName"] = "Given", ["lastName"] = "Last" });
        const string File = "Email,First,Last\r\nann@again.example,Ann,Lee\r\n";
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", File);
        var failed = Assert.Single(await tenant.Admin.PollAsync(tenant.TenantId));
        Assert.Equal("failed", (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{failed}")).Str("status"));

        await tenant.Admin.SaveMappingAsync(tenant.TenantId, new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", File);
        var rerun = Assert.Single(await tenant.Admin.PollAsync(tenant.TenantId));

        Assert.NotEqual(failed, rerun);
        var record = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{rerun}");
        Assert.Equal(("completed", 1), (record.Str("status"), record.Count("created")));
        Assert.Contains("\"completed\"", await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(rerun)), StringComparison.Ordinal);
        var processed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = BucketLayout.Processed });
        Assert.Equal(BucketLayout.ProcessedKey(rerun, "hr.csv"), Assert.Single(processed.S3Objects).Key);
    }

    [Fact]
    public async Task Day_one_file_uploaded_again_after_day_two_runs_again_and_reactivates_who_it_lists()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "again-day1", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        const string Day1 = "Email,First,Last\r\nann@day.example,Ann,Lee\r\nbob@day.example,Bob,Ray\r\n";
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", Day1);
        Assert.Single(await tenant.Admin.PollAsync(tenant.TenantId));
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", "Email,First,Last\r\nann@day.example,Ann,Lee\r\n");
        Assert.Single(await tenant.Admin.PollAsync(tenant.TenantId));
        Assert.Equal("inactive", (await tenant.UsersAsync())["bob@day.example"].Str("status"));

        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", Day1);
        var third = Assert.Single(await tenant.Admin.PollAsync(tenant.TenantId));

        Assert.Equal(1, (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{third}")).Count("reactivated"));
        Assert.Equal("active", (await tenant.UsersAsync())["bob@day.example"].Str("status"));
    }

    [Fact]
    public async Task Result_summary_names_its_fields_as_the_api_does()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "result-json", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });

        var record = await tenant.ImportAsync("Email,First,Last\r\nann@result.example,Ann,Lee\r\n");

        var summary = System.Text.Json.JsonDocument.Parse(await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(record.Str("importId")))).RootElement;
        var api = record.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(summary.EnumerateObject(), p => Assert.Contains(p.Name, api));
        Assert.Equal(record.Str("etag"), summary.Str("etag"));
    }

    [Fact]
    public async Task Unreadable_file_fails_as_a_whole_is_moved_to_failed_and_the_reason_is_reported_to_IT()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("badfile");
        await admin.SaveMappingAsync("badfile", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("badfile");
        await s3.UploadAsync(bucket, "hr.csv", "Email,Given,Last\nann@bad.example,Ann,Lee\n");

        var importId = Assert.Single(await admin.PollAsync("badfile"));

        var record = await admin.GetJsonAsync($"/api/tenants/badfile/feed/imports/{importId}");
        Assert.Equal("failed", record.GetProperty("status").GetString());
        Assert.Contains("'First'", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await admin.UsersAsync("badfile"));
        using var report = await s3.GetObjectAsync(bucket, BucketLayout.ResultKey(importId));
        using var reader = new StreamReader(report.ResponseStream);
        Assert.Contains("'First'", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        var failed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = BucketLayout.Failed });
        Assert.Equal(BucketLayout.FailedKey(importId, "hr.csv"), Assert.Single(failed.S3Objects).Key);
    }

    [Fact]
    public async Task Feed_pauses_while_the_tenant_has_no_mapping()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("paused");
        await admin.SaveMappingAsync("paused", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("paused");
        (await admin.DeleteAsync("/api/tenants/paused/feed/mapping")).EnsureSuccessStatusCode();
        await s3.UploadAsync(bucket, "a.csv", "Email,First,Last\nann@paused.example,Ann,Lee\n");

        await (await admin.PostAsync("/api/tenants/paused/feed/poll", null)).JsonAsync(HttpStatusCode.Conflict);
        var worker = service.App.Services.GetRequiredServiceOf<UserDataFeed.Service.Import.FeedWorker>();
        Assert.Equal(UserDataFeed.Service.Import.WorkOutcome.Dropped,
            await worker.HandleAsync(new UserDataFeed.Adapters.Queues.WorkMessage("paused", UserDataFeed.Adapters.Queues.WorkMessage.Check), 1, CancellationToken.None));
        Assert.Empty(await admin.UsersAsync("paused"));
    }
}

internal static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services)
        where T : notnull => (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException(typeof(T).Name));
}
