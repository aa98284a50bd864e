using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>The mapping's scope (feed rule "rows out of scope are left out") through HTTP, S3 and the stores.</summary>
public sealed class ScopeEndToEndTests
{
    private static readonly Dictionary<string, string> Fields = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    private const string Header = "Email,First,Last,Worker Type\r\n";

    [Fact]
    public async Task Rows_out_of_scope_are_left_out_counted_and_a_user_moving_out_of_scope_is_deactivated()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "scoped", Fields);
        var saved = await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping",
            new { fields = Fields, scope = new[] { new { column = "Worker Type", notIn = new[] { "Contractor" } } } });
        Assert.Equal("Worker Type", saved.GetProperty("scope")[0].Str("column"));
        Assert.Equal(["Contractor"], saved.GetProperty("scope")[0].Strings("notIn"));

        var first = await tenant.ImportAsync(Header + "ann@scoped.example,Ann,Lee,Employee\r\nbob@scoped.example,Bob,Ray,Employee\r\ncon@scoped.example,Con,Tractor,contractor\r\n");
        Assert.Equal(("completed", 3, 1, 2), (first.Str("status"), first.Count("rows"), first.Count("outOfScope"), first.Count("created")));
        Assert.Equal(["ann@scoped.example", "bob@scoped.example"], (await tenant.UsersAsync()).Keys.Order());

        var dryRun = await (await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/dry-run",
            new StringContent(Header + "ann@scoped.example,Ann,Lee,Employee\r\nbob@scoped.example,Bob,Ray,Contractor\r\n", Encoding.UTF8, "text/csv"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((1, 1), (dryRun.Count("outOfScope"), dryRun.Count("deactivated")));
        Assert.Equal("active", (await tenant.UsersAsync())["bob@scoped.example"].Str("status")); // a dry run applies nothing

        var second = await tenant.ImportAsync(Header + "ann@scoped.example,Ann,Lee,Employee\r\nbob@scoped.example,Bob,Ray,Contractor\r\n");
        Assert.Equal((1, 1, 1), (second.Count("outOfScope"), second.Count("deactivated"), second.Count("unchanged")));
        Assert.Equal("inactive", (await tenant.UsersAsync())["bob@scoped.example"].Str("status"));
        var report = await tenant.ReadAsTenantAsync(Adapters.S3.BucketLayout.ResultKey(second.Str("importId")));
        Assert.Equal(1, JsonDocument.Parse(report).RootElement.GetProperty("counts").GetProperty("outOfScope").GetInt32());
    }

    [Fact]
    public async Task A_scope_rule_that_is_not_valid_is_refused_naming_the_rule_and_the_mapping_stays()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "badscope", Fields);

        var refused = await (await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping",
            new { fields = Fields, scope = new object[] { new { column = "Worker Type", @in = new[] { "Employee" }, notIn = new[] { "Intern" } } } })).JsonAsync(HttpStatusCode.BadRequest);
        var unknown = await (await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping",
            new { fields = Fields, scope = new object[] { new { column = "Worker Type", values = new[] { "Employee" } } } })).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("exactly one of 'in'", string.Join(" ", refused.GetProperty("errors").GetProperty("scope[0]").EnumerateArray().Select(e => e.GetString())), StringComparison.Ordinal);
        Assert.Contains("values", unknown.GetRawText(), StringComparison.Ordinal);
        var mapping = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping");
        Assert.Equal(0, mapping.GetProperty("scope").GetArrayLength());
    }
}
