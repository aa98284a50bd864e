using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>The mapping's transforms (feed rule "each mapped field's transform makes its value") through HTTP, S3 and the stores.</summary>
public sealed class TransformEndToEndTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["email"] = "Email", ["firstName"] = "Preferred", ["lastName"] = "Last", ["custom.department"] = "Dept",
    };

    private static readonly object Transforms = new Dictionary<string, object>
    {
        ["email"] = new { kind = "lower" },
        ["firstName"] = new { kind = "coalesce", columns = new[] { "First" } },
        ["custom.department"] = new { kind = "map", values = new Dictionary<string, string> { ["HR"] = "Human Resources" }, unmatched = "error" },
    };

    private const string Header = "Email,Preferred,First,Last,Dept\r\n";

    [Fact]
    public async Task Transformed_values_are_stored_previewed_and_an_unmatched_value_is_a_row_error()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "transforms", Fields);
        var saved = await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping", new { fields = Fields, transforms = Transforms });
        Assert.Equal(["First"], saved.GetProperty("transforms").GetProperty("firstName").Strings("columns"));
        Assert.False(saved.GetProperty("transforms").GetProperty("email").TryGetProperty("columns", out _)); // unset settings are left out

        const string file = Header + "ANN@Transforms.Example,,Ann,Lee,hr\r\nbob@transforms.example,Bobby,Bob,Ray,Sales\r\n";
        var preview = await (await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/mapping/preview", new StringContent(file, Encoding.UTF8, "text/csv"))).JsonAsync(HttpStatusCode.OK);
        var mapped = preview.GetProperty("mapped");
        var fields = mapped.Strings("fields").ToList();
        var first = mapped.GetProperty("rows")[0].GetProperty("values");
        Assert.Equal(("ann@transforms.example", "Ann", "Human Resources"),
            (first[fields.IndexOf("email")].GetString(), first[fields.IndexOf("firstName")].GetString(), first[fields.IndexOf("custom.department")].GetString()));
        Assert.Equal(JsonValueKind.Null, mapped.GetProperty("rows")[1].GetProperty("values")[fields.IndexOf("custom.department")].ValueKind);

        var record = await tenant.ImportAsync(file);

        Assert.Equal(("completedWithErrors", 1, 1), (record.Str("status"), record.Count("created"), record.Count("errors")));
        var ann = (await tenant.UsersAsync())["ann@transforms.example"];
        Assert.Equal(("ann@transforms.example", "Ann", "Human Resources"), (ann.Str("email"), ann.Str("firstName"), ann.GetProperty("customFields").Str("department")));
        var error = (await tenant.IssuesAsync(record.Str("importId"))).GetProperty("errors")[0];
        Assert.Equal((2, "Dept", "Sales", "unmapped-value"), (error.GetProperty("row").GetInt32(), error.Str("column"), error.Str("value"), error.Str("code")));
    }

    [Fact]
    public async Task A_transform_that_is_not_valid_is_refused_naming_the_field_and_the_reason()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "badtransform", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });

        var refused = await (await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping", new
        {
            fields = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" },
            transforms = new Dictionary<string, object> { ["lastName"] = new { kind = "default" }, ["status"] = new { kind = "lower" } },
        })).JsonAsync(HttpStatusCode.BadRequest);

        var errors = refused.GetProperty("errors");
        Assert.Contains("non-blank 'value'", errors.GetProperty("transforms.lastName")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not mapped", errors.GetProperty("transforms.status")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping")).GetProperty("transforms").EnumerateObject());
    }
}
