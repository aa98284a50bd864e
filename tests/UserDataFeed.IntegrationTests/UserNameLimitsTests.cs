using System.Net;
using System.Net.Http.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>A platform edit's names are bounded by a 400 that names the field and the limit, before the store would refuse them with a 503.</summary>
public sealed class UserNameLimitsTests
{
    [Theory]
    [InlineData("firstName")]
    [InlineData("lastName")]
    public async Task Name_over_256_characters_is_a_400_naming_the_field_and_the_user_is_not_made(string field)
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("longnames");
        var names = new Dictionary<string, string> { ["firstName"] = "Ann", ["lastName"] = "Lee", [field] = new string('n', 100_000) };

        var response = await admin.PutAsJsonAsync("/api/tenants/longnames/users/ann@names.example", names);
        var problem = await CsvUploadTests.ProblemAsync(response);
        var atLimit = await admin.PutAsJsonAsync("/api/tenants/longnames/users/bob@names.example", new Dictionary<string, string>(names) { [field] = new string('n', 256) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("256", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/tenants/longnames/users/ann@names.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_declares_the_name_limits()
    {
        await using var service = await TestService.StartAsync();

        var body = (await service.Operator.GetJsonAsync("/api/openapi.json")).GetProperty("paths").GetProperty("/api/tenants/{tenantId}/users/{email}")
            .GetProperty("put").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties");

        Assert.Equal(256, body.GetProperty("firstName").GetProperty("maxLength").GetInt32());
        Assert.Equal(256, body.GetProperty("lastName").GetProperty("maxLength").GetInt32());
    }
}
