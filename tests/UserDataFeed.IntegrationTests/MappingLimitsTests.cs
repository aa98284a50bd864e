using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A mapping is checked whole when it is saved: what passes can be stored and planned, what does not is a 400 naming the
/// place and the limit (never a 503 from the store, nor a saved mapping every import then breaks on).
/// </summary>
public sealed class MappingLimitsTests
{
    private const string Csv = "Email,First,Last,Dept\r\nann@limits.example,Ann,Lee,HR\r\n";

    private static JsonObject Mapping(JsonObject? transforms = null, JsonArray? scope = null)
    {
        var body = new JsonObject
        {
            ["fields"] = new JsonObject { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["custom.department"] = "Dept" },
        };
        if (transforms is not null)
        {
            body["transforms"] = transforms;
        }

        if (scope is not null)
        {
            body["scope"] = scope;
        }

        return body;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SaveAsync(HttpClient admin, string tenantId, JsonNode body)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await admin.PutAsync($"/api/tenants/{tenantId}/feed/mapping", content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static string Error(JsonElement problem, string key) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(key, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : throw new Xunit.Sdk.XunitException($"No error for '{key}' in {problem.GetRawText()}");

    [Fact]
    public async Task Map_with_a_null_value_is_refused_at_save_naming_the_value_and_nothing_is_saved()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("nullmap", [("department", "Department")]);
        var transforms = new JsonObject { ["custom.department"] = new JsonObject { ["kind"] = "map", ["values"] = new JsonObject { ["HR"] = "Human Resources", ["x"] = null } } };

        var (status, problem) = await SaveAsync(admin, "nullmap", Mapping(transforms));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("null", Error(problem, "transforms.custom.department.values[\"x\"]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/tenants/nullmap/feed/mapping")).StatusCode);
    }

    public static TheoryData<string, string, string> OverLimits => new()
    {
        { "column name of 100,000 characters", "fields.email", "256" },
        { "map of 1,000 values of 1,000 characters", "transforms.custom.department.values[\"v0\"]", "256" },
        { "scope value of 10,000 characters", "scope[0].in[0]", "256" },
        { "scope column of 300 characters", "scope[0].column", "256" },
        { "map key of 300 characters", "transforms.custom.department.values", "256" },
        { "default of 300 characters", "transforms.lastName.value", "256" },
        { "map within each limit but over the store's property as a whole", "transforms", "32,000" },
    };

    [Theory]
    [MemberData(nameof(OverLimits))]
    public async Task Mapping_over_a_limit_is_a_400_naming_the_place_and_the_limit_not_a_503(string what, string place, string limit)
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("overlimit", [("department", "Department")]);
        var body = what switch
        {
            "column name of 100,000 characters" => Mapping(),
            "map of 1,000 values of 1,000 characters" => Mapping(new JsonObject { ["custom.department"] = MapOf(1000, 1000) }),
            "scope value of 10,000 characters" => Mapping(scope: [new JsonObject { ["column"] = "Dept", ["in"] = new JsonArray(new string('s', 10_000)) }]),
            "scope column of 300 characters" => Mapping(scope: [new JsonObject { ["column"] = new string('c', 300), ["in"] = new JsonArray("HR") }]),
            "map key of 300 characters" => Mapping(new JsonObject { ["custom.department"] = new JsonObject { ["kind"] = "map", ["values"] = new JsonObject { [new string('k', 300)] = "HR" } } }),
            "default of 300 characters" => Mapping(new JsonObject { ["lastName"] = new JsonObject { ["kind"] = "default", ["value"] = new string('d', 300) } }),
            _ => Mapping(new JsonObject { ["custom.department"] = MapOf(1000, 200) }),
        };
        if (what.StartsWith("column name", StringComparison.Ordinal))
        {
            body["fields"]!["email"] = new string('e', 100_000);
        }

        var (status, problem) = await SaveAsync(admin, "overlimit", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(limit, Error(problem, place), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/tenants/overlimit/feed/mapping")).StatusCode);
    }

    [Fact]
    public async Task Mapping_at_every_limit_that_fits_the_store_is_saved_read_back_and_plans()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "atlimit", new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var body = Mapping(new JsonObject { ["custom.department"] = MapOf(100, 150), ["lastName"] = new JsonObject { ["kind"] = "default", ["value"] = new string('d', 256) } },
            [new JsonObject { ["column"] = "Dept", ["notIn"] = new JsonArray([.. Enumerable.Range(0, 100).Select(i => (JsonNode)($"x{i}" + new string('é', 250)))]) }]);

        var (status, saved) = await SaveAsync(tenant.Admin, "atlimit", body);
        var read = await tenant.Admin.GetJsonAsync("/api/tenants/atlimit/feed/mapping");
        var record = await tenant.ImportAsync(Csv);

        Assert.True(status == HttpStatusCode.OK, saved.GetRawText());
        Assert.Equal(100, read.GetProperty("transforms").GetProperty("custom.department").GetProperty("values").EnumerateObject().Count());
        Assert.Equal("completed", record.Str("status"));
    }

    [Fact]
    public async Task Mapping_stored_before_the_check_fails_each_import_with_the_mapping_problem_and_is_still_shown()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "oldmap", new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["custom.department"] = "Dept" });
        // As a save before the check could leave it: a map with a null value, written to the store directly.
        var table = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(service.TablePrefix + "Tenants");
        var row = (await table.GetEntityAsync<TableEntity>("oldmap", "mapping")).Value;
        row["Transforms"] = """{"custom.department":{"Kind":"map","Values":{"HR":"Human Resources","x":null}}}""";
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);

        var shown = await tenant.Admin.GetJsonAsync("/api/tenants/oldmap/feed/mapping");
        var preview = await tenant.Admin.PostAsync("/api/tenants/oldmap/feed/mapping/preview", CsvContent(Csv));
        var dryRun = await tenant.Admin.PostAsync("/api/tenants/oldmap/feed/dry-run", CsvContent(Csv));
        var record = await tenant.ImportAsync(Csv);

        Assert.Equal(JsonValueKind.Null, shown.GetProperty("transforms").GetProperty("custom.department").GetProperty("values").GetProperty("x").ValueKind);
        var mapped = (await preview.JsonAsync(HttpStatusCode.OK)).GetProperty("mapped");
        Assert.Contains("transforms.custom.department.values[\"x\"]", mapped.Str("problem"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dryRun.StatusCode);
        Assert.Contains("transforms.custom.department.values[\"x\"]", (await CsvUploadTests.ProblemAsync(dryRun)).Str("detail"), StringComparison.Ordinal);
        Assert.Equal("failed", record.Str("status"));
        Assert.Contains("The saved mapping is not valid", record.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("transforms.custom.department.values[\"x\"]", record.Str("reason"), StringComparison.Ordinal);
        Assert.Empty(await tenant.UsersAsync());
    }

    [Fact]
    public async Task OpenApi_document_declares_the_mapping_limits()
    {
        await using var service = await TestService.StartAsync();

        var document = await service.Operator.GetJsonAsync("/api/openapi.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var body = document.GetProperty("paths").GetProperty("/api/tenants/{tenantId}/feed/mapping").GetProperty("put").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        Assert.Equal(100, body.GetProperty("fields").GetProperty("maxProperties").GetInt32());
        Assert.Equal(256, body.GetProperty("fields").GetProperty("additionalProperties").GetProperty("maxLength").GetInt32());
        Assert.Equal(10, body.GetProperty("scope").GetProperty("maxItems").GetInt32());
        var transform = schemas.GetProperty("FieldTransformDto").GetProperty("properties");
        Assert.Equal(1000, transform.GetProperty("values").GetProperty("maxProperties").GetInt32());
        Assert.Equal(256, transform.GetProperty("values").GetProperty("propertyNames").GetProperty("maxLength").GetInt32());
        Assert.Equal(256, transform.GetProperty("values").GetProperty("additionalProperties").GetProperty("maxLength").GetInt32());
        Assert.Equal(256, transform.GetProperty("value").GetProperty("maxLength").GetInt32());
        Assert.Equal(5, transform.GetProperty("columns").GetProperty("maxItems").GetInt32());
        var rule = schemas.GetProperty("ScopeRuleDto").GetProperty("properties");
        Assert.Equal(256, rule.GetProperty("column").GetProperty("maxLength").GetInt32());
        Assert.Equal(100, rule.GetProperty("in").GetProperty("maxItems").GetInt32());
        Assert.Equal(256, rule.GetProperty("in").GetProperty("items").GetProperty("maxLength").GetInt32());
    }

    private static JsonObject MapOf(int entries, int length) => new()
    {
        ["kind"] = "map",
        ["values"] = new JsonObject(Enumerable.Range(0, entries).Select(i => KeyValuePair.Create($"v{i}", (JsonNode?)(i + new string('m', length))[..length]))),
    };

    private static ByteArrayContent CsvContent(string csv)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }
}
