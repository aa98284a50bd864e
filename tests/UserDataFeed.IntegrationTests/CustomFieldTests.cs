using System.Net;

namespace UserDataFeed.IntegrationTests;

/// <summary>Custom field keys are case-insensitive: one field whatever the case, and the mapping resolves to it.</summary>
public sealed class CustomFieldTests
{
    [Fact]
    public async Task Field_keys_that_differ_only_by_case_are_one_field_kept_in_lower_case()
    {
        await using var service = await TestService.StartAsync();
        await service.OnboardTenantAsync("fieldcase");

        var first = await service.Operator.PutJsonAsync("/api/tenants/fieldcase/fields/Dept", new { label = "Department" });
        await service.Operator.PutJsonAsync("/api/tenants/fieldcase/fields/dept", new { label = "Dept." });
        var fields = await service.Operator.GetJsonAsync("/api/tenants/fieldcase/fields");

        Assert.Equal("dept", first.Str("key"));
        var field = Assert.Single(fields.GetProperty("items").EnumerateArray());
        Assert.Equal(("dept", "Dept."), (field.Str("key"), field.Str("label")));
    }

    [Fact]
    public async Task Mapping_resolves_a_custom_field_in_any_case_to_the_field()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("mapcase", ("dept", "Department"));
        var required = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

        var saved = await admin.SaveMappingAsync("mapcase", new(required) { ["custom.Dept"] = "Department" });
        var twice = await admin.PutJsonAsync("/api/tenants/mapcase/feed/mapping",
            new { fields = new Dictionary<string, string>(required) { ["custom.Dept"] = "Department", ["custom.dept"] = "Dept" } }, HttpStatusCode.BadRequest);
        var stillMapped = await service.Operator.DeleteAsync("/api/tenants/mapcase/fields/DEPT");
        var dryRun = await admin.PostAsync("/api/tenants/mapcase/feed/dry-run", new StringContent("Email,First,Last,Department\r\nann@case.example,Ann,Lee,Sales\r\n"));

        Assert.Equal(["custom.dept", "email", "firstName", "lastName"], saved.GetProperty("fields").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("custom.dept", twice.GetProperty("errors").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stillMapped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        await admin.DeleteAsync("/api/tenants/mapcase/feed/mapping");
        Assert.Equal(HttpStatusCode.NoContent, (await service.Operator.DeleteAsync("/api/tenants/mapcase/fields/DEPT")).StatusCode);
    }
}
