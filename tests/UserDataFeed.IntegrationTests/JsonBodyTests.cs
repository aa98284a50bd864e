using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>JSON bodies: the wrong content type, broken JSON, wrong types and unknown properties are 4xx problems a person can act on.</summary>
public sealed class JsonBodyTests
{
    /// <summary>Every route that takes a JSON body, with a body it accepts.</summary>
    public static TheoryData<string, string> JsonRoutes => new()
    {
        { "/api/tenants/jsonroutes", """{"displayName":"Json","feedEnabled":true}""" },
        { "/api/tenants/jsonroutes/fields/department", """{"label":"Department"}""" },
        { "/api/tenants/jsonroutes/feed/mapping", """{"fields":{"email":"Email","firstName":"First","lastName":"Last"}}""" },
        { "/api/tenants/jsonroutes/users/ann@json.example", """{"firstName":"Ann","lastName":"Lee"}""" },
        { "/api/tenants/jsonroutes/feed/settings", """{"hold":{"percent":20,"minimum":10}}""" },
    };

    private static HttpContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private static async Task<TestService> ServiceWithTenantAsync()
    {
        var service = await TestService.StartAsync();
        await service.OnboardTenantAsync("jsonroutes");
        return service;
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task Json_route_answers_415_naming_application_json_for_a_missing_or_wrong_content_type(string path, string json)
    {
        await using var service = await ServiceWithTenantAsync();

        foreach (var contentType in new[] { null, "text/plain", "application/x-www-form-urlencoded" })
        {
            var response = await service.Operator.PutAsync(path, Body(json, contentType));
            var problem = await CsvUploadTests.ProblemAsync(response);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Contains("application/json", problem.Str("detail"), StringComparison.Ordinal);
        }

        (await service.Operator.PutAsync(path, Body(json, "application/json; charset=utf-8"))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Json_route_answers_415_for_an_empty_body_without_a_content_type()
    {
        await using var service = await ServiceWithTenantAsync();

        foreach (var path in JsonRoutes.Select(route => (string)route[0]))
        {
            var response = await service.Operator.PutAsync(path, Body("", null));
            var problem = await CsvUploadTests.ProblemAsync(response);

            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Contains("application/json", problem.Str("detail"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task Json_route_answers_400_for_malformed_or_empty_json(string path, string json)
    {
        await using var service = await ServiceWithTenantAsync();

        foreach (var broken in new[] { json[..^1], "{not json", "" })
        {
            var response = await service.Operator.PutAsync(path, Body(broken, "application/json"));
            var problem = await CsvUploadTests.ProblemAsync(response);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("JSON", problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Wrong_json_types_name_the_property_and_what_is_expected_in_plain_words()
    {
        await using var service = await ServiceWithTenantAsync();

        var fieldsArray = await PutAsync(service, "/api/tenants/jsonroutes/feed/mapping", """{"fields":["Email"]}""");
        var fieldValue = await PutAsync(service, "/api/tenants/jsonroutes/feed/mapping", """{"fields":{"email":5}}""");
        var flag = await PutAsync(service, "/api/tenants/jsonroutes", """{"displayName":"Json","feedEnabled":"yes"}""");
        var roles = await PutAsync(service, "/api/tenants/jsonroutes/users/ann@json.example", """{"firstName":"Ann","lastName":"Lee","roles":"Learner"}""");

        Assert.Contains("fields must be an object mapping field keys to column names", Error(fieldsArray, "fields"), StringComparison.Ordinal);
        Assert.Contains("must be a string", Error(fieldValue, "fields.email"), StringComparison.Ordinal);
        Assert.Contains("true or false", Error(flag, "feedEnabled"), StringComparison.Ordinal);
        Assert.Contains("array", Error(roles, "roles"), StringComparison.Ordinal);
        foreach (var problem in new[] { fieldsArray, fieldValue, flag, roles })
        {
            Assert.DoesNotContain("UserDataFeed.", problem.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("System.", problem.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("`", problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    /// <summary>Each number of the settings body, sent as a string: the web defaults of System.Text.Json would read it.</summary>
    public static TheoryData<string, string> NumbersAsStrings => new()
    {
        { """{"hold":{"percent":"20","minimum":10}}""", "hold.percent" },
        { """{"hold":{"percent":20,"minimum":"10"}}""", "hold.minimum" },
        { """{"hold":{"percent":20,"minimum":10},"deactivateAfterMissingFiles":"2"}""", "deactivateAfterMissingFiles" },
        { """{"hold":{"percent":20,"minimum":10},"pauseAfterFailedFiles":"3"}""", "pauseAfterFailedFiles" },
        { """{"hold":{"percent":20,"minimum":10},"historyRetentionDays":"30"}""", "historyRetentionDays" },
    };

    [Theory]
    [MemberData(nameof(NumbersAsStrings))]
    public async Task Number_sent_as_a_string_is_a_wrong_type_and_changes_nothing(string json, string property)
    {
        await using var service = await ServiceWithTenantAsync();

        var problem = await PutAsync(service, "/api/tenants/jsonroutes/feed/settings", json);
        var settings = await service.Operator.GetJsonAsync("/api/tenants/jsonroutes/feed/settings");

        Assert.Contains($"{property} must be", Error(problem, property), StringComparison.Ordinal);
        Assert.Equal(20, settings.GetProperty("hold").GetProperty("percent").GetInt32());
        Assert.Equal(5, settings.GetProperty("pauseAfterFailedFiles").GetInt32());
    }

    [Fact]
    public async Task Mapping_without_the_fields_wrapper_names_the_ignored_properties_and_where_they_go()
    {
        await using var service = await ServiceWithTenantAsync();

        var problem = await PutAsync(service, "/api/tenants/jsonroutes/feed/mapping", """{"email":"Work Email","firstName":"Given Name","lastName":"Surname"}""");

        Assert.Equal(["email", "firstName", "lastName"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("under 'fields'", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("'email'", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_properties_are_refused_on_every_json_body()
    {
        await using var service = await ServiceWithTenantAsync();

        var tenant = await PutAsync(service, "/api/tenants/jsonroutes", """{"displayName":"Json","feedEnabled":true,"colour":"red"}""");
        var settings = await PutAsync(service, "/api/tenants/jsonroutes/feed/settings", """{"hold":{"percent":20,"minimum":10,"max":3}}""");

        Assert.Contains("'colour'", Error(tenant, "colour"), StringComparison.Ordinal);
        Assert.Contains("'max'", Error(settings, "hold.max"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_body_over_one_mebibyte_is_413_with_the_limit_whether_its_length_is_declared_or_not()
    {
        await using var service = await ServiceWithTenantAsync();
        var large = $$"""{"displayName":"{{new string('x', 1024 * 1024)}}","feedEnabled":true}""";

        var declared = await service.Operator.PutAsync("/api/tenants/jsonroutes", Body(large, "application/json"));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(large)));
        chunked.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        var streamed = await service.Operator.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/tenants/jsonroutes") { Content = chunked, Headers = { TransferEncodingChunked = true } });

        foreach (var response in new[] { declared, streamed })
        {
            var problem = await CsvUploadTests.ProblemAsync(response);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("1,048,576 bytes", problem.Str("detail"), StringComparison.Ordinal);
        }

        Assert.Equal("Tenant jsonroutes", (await service.Operator.GetJsonAsync("/api/tenants/jsonroutes")).Str("displayName"));
    }

    private static async Task<JsonElement> PutAsync(TestService service, string path, string json)
    {
        var response = await service.Operator.PutAsync(path, Body(json, "application/json"));
        var problem = await CsvUploadTests.ProblemAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return problem;
    }

    private static string Error(JsonElement problem, string key) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(key, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : throw new Xunit.Sdk.XunitException($"No error for '{key}' in {problem.GetRawText()}");
}
