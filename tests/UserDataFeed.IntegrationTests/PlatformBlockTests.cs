using System.Text.Json;
using Azure.Data.Tables;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// Sticky admin blocks (issue 15) end to end: a user an admin deactivated on the platform stays inactive through later
/// files, whose report says why, until the platform sets them active again.
/// </summary>
public sealed class PlatformBlockTests
{
    private const string Header = HrFile.Header;

    [Fact]
    public async Task User_deactivated_on_the_platform_stays_inactive_through_later_files_until_the_platform_lifts_the_block()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "sticky");
        await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\nbob@sticky.example,Bob,Ray,1,,,E2,Ops\r\n");

        var put = await tenant.Admin.PutJsonAsync("/api/tenants/sticky/users/bob@sticky.example", new { firstName = "Bob", lastName = "Ray", status = "inactive" });
        Assert.Equal(("inactive", true), (put.Str("status"), put.GetProperty("blockedByPlatform").GetBoolean()));
        Assert.True((await tenant.Admin.GetJsonAsync("/api/tenants/sticky/users/bob@sticky.example")).GetProperty("blockedByPlatform").GetBoolean());
        var listed = await tenant.UsersAsync();
        Assert.Equal((true, false), (listed["bob@sticky.example"].GetProperty("blockedByPlatform").GetBoolean(), listed["ann@sticky.example"].GetProperty("blockedByPlatform").GetBoolean()));

        // The first file after the block is planned against every record (the platform's write made the digest stale).
        var whileBlocked = await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\nbob@sticky.example,Bob,Ray,1,,,E2,Legal\r\n");

        Assert.Equal(("completed", 1, 1, 0, 0, 1), (whileBlocked.Str("status"), whileBlocked.Count("updated"), whileBlocked.Count("unchanged"),
            whileBlocked.Count("reactivated"), whileBlocked.Count("deactivated"), whileBlocked.Count("warnings")));
        var bob = (await tenant.UsersAsync())["bob@sticky.example"];
        Assert.Equal(("inactive", true, "Legal"), (bob.Str("status"), bob.GetProperty("blockedByPlatform").GetBoolean(), bob.GetProperty("customFields").GetProperty("department").GetString()));
        await AssertBlockWarningAsync(tenant, whileBlocked);

        // The next one is planned against the digest: bob's changed row is merged without reading his record, and he stays inactive.
        var merged = await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\nbob@sticky.example,Robert,Ray,1,,,E2,Legal\r\n");

        Assert.StartsWith("digest:", await PlanBasisAsync(service, tenant, merged), StringComparison.Ordinal);
        Assert.Equal((1, 0, 1), (merged.Count("updated"), merged.Count("reactivated"), merged.Count("warnings")));
        bob = (await tenant.UsersAsync())["bob@sticky.example"];
        Assert.Equal(("Robert", "inactive", true), (bob.Str("firstName"), bob.Str("status"), bob.GetProperty("blockedByPlatform").GetBoolean()));
        await AssertBlockWarningAsync(tenant, merged);

        // An absent blocked user is not deactivated again.
        var absent = await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\n");
        Assert.Equal((0, 0, 0), (absent.Count("deactivated"), absent.Count("updated"), absent.Count("warnings")));
        bob = (await tenant.UsersAsync())["bob@sticky.example"];
        Assert.Equal(("inactive", true), (bob.Str("status"), bob.GetProperty("blockedByPlatform").GetBoolean()));

        // The platform lifts the block by setting bob active; the next file keeps him active, with nothing to report.
        var lifted = await tenant.Admin.PutJsonAsync("/api/tenants/sticky/users/bob@sticky.example", new { firstName = "Robert", lastName = "Ray", status = "active" });
        Assert.Equal(("active", false), (lifted.Str("status"), lifted.GetProperty("blockedByPlatform").GetBoolean()));

        var after = await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\nbob@sticky.example,Robert,Ray,1,,,E2,Legal\r\n");

        Assert.Equal((0, 0, 0), (after.Count("reactivated"), after.Count("deactivated"), after.Count("warnings")));
        bob = (await tenant.UsersAsync())["bob@sticky.example"];
        Assert.Equal(("active", false), (bob.Str("status"), bob.GetProperty("blockedByPlatform").GetBoolean()));

        // Without the block, the file's status decides again: 0 deactivates him, and 1 reactivates him.
        var off = await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\nbob@sticky.example,Robert,Ray,0,,,E2,Legal\r\n");
        var on = await tenant.ImportAsync(Header + "ann@sticky.example,Ann,Lee,1,,,E1,Sales\r\nbob@sticky.example,Robert,Ray,1,,,E2,Legal\r\n");
        Assert.Equal((1, 1), (off.Count("deactivated"), on.Count("reactivated")));
        Assert.Equal("active", (await tenant.UsersAsync())["bob@sticky.example"].Str("status"));
    }

    [Fact]
    public async Task User_stored_before_platform_blocks_existed_reads_as_not_blocked()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("old-users");
        var users = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(service.TablePrefix + "Users");
        await users.CreateIfNotExistsAsync();
        await users.UpsertEntityAsync(new TableEntity("old-users", "old@old.example") // as users were stored before the block: no BlockedByPlatform
        {
            ["UserId"] = "u1", ["CreatedBy"] = "platform", ["CreatedAt"] = DateTimeOffset.UtcNow, ["PlatformRoles"] = 0, ["Email"] = "old@old.example",
            ["FirstName"] = "Old", ["LastName"] = "User", ["Active"] = false, ["DeactivatedForAbsence"] = false, ["ExternalId"] = "", ["FeedRoles"] = 0,
            ["DerivedManager"] = false, ["Managers"] = "", ["UpdatedAt"] = DateTimeOffset.UtcNow,
        });

        var user = await admin.GetJsonAsync("/api/tenants/old-users/users/old@old.example");

        Assert.Equal(("inactive", false), (user.Str("status"), user.GetProperty("blockedByPlatform").GetBoolean()));
    }

    private static async Task AssertBlockWarningAsync(FeedTenant tenant, JsonElement record)
    {
        var issues = await tenant.IssuesAsync(record.Str("importId"));
        Assert.Empty(issues.GetProperty("errors").EnumerateArray());
        var warning = Assert.Single(issues.GetProperty("warnings").EnumerateArray());
        Assert.Equal((2, "Status", "1", "blocked-by-platform"), (warning.GetProperty("row").GetInt32(), warning.Str("column"), warning.Str("value"), warning.Str("code")));
        Assert.Contains("admin deactivated this user on the platform", warning.Str("message"), StringComparison.Ordinal);
        Assert.Contains("\"warnings\": 1", await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(record.Str("importId"))), StringComparison.Ordinal);
    }

    /// <summary>What the import's plan was made against, as its record keeps it (<c>digest:…</c>: the digest alone, no record read).</summary>
    private static async Task<string> PlanBasisAsync(TestService service, FeedTenant tenant, JsonElement record)
    {
        var imports = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(service.TablePrefix + "Imports");
        await foreach (var entity in imports.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant.TenantId} and ImportId eq {record.Str("importId")}")))
        {
            return entity.GetString("PlanBasis") ?? "";
        }

        return "";
    }
}
