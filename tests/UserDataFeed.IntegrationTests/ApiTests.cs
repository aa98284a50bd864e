using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.IntegrationTests;

/// <summary>API behaviour an admin notices: validation problems, concurrency, users through the platform.</summary>
public sealed class ApiTests
{
    [Fact]
    public async Task Mapping_with_problems_is_400_with_an_error_per_field()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("mapcheck", ("department", "Department"));

        var problem = await admin.PutJsonAsync("/api/tenants/mapcheck/feed/mapping",
            new { fields = new Dictionary<string, string> { ["email"] = "Email", ["nickname"] = "Nick", ["custom.site"] = "Site" } },
            HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(["fields.custom.site", "fields.firstName", "fields.lastName", "fields.nickname"], errors);
        await admin.GetJsonAsync("/api/tenants/mapcheck/feed/mapping", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mapping_save_honours_if_match_and_bumps_the_version()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("ifmatch");
        var fields = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };
        var first = await admin.SaveMappingAsync("ifmatch", fields);
        var etag = first.GetProperty("etag").GetString()!;

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/ifmatch/feed/mapping") { Content = JsonContent.Create(new { fields }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var second = await (await admin.SendAsync(stale)).JsonAsync(HttpStatusCode.OK);
        using var again = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/ifmatch/feed/mapping") { Content = JsonContent.Create(new { fields }) };
        again.Headers.TryAddWithoutValidation("If-Match", etag);
        var conflict = await admin.SendAsync(again);

        Assert.Equal((1, 2), (first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.StatusCode);
        var current = await admin.GetAsync("/api/tenants/ifmatch/feed/mapping");
        Assert.Equal(second.GetProperty("etag").GetString(), current.Headers.ETag?.ToString() ?? current.Headers.GetValues("ETag").Single());
    }

    [Fact]
    public async Task Platform_user_is_created_and_updated_through_the_api_with_roles()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("platform");

        await admin.PutJsonAsync("/api/tenants/platform/users/Kim@Platform.example", new { firstName = "Kim", lastName = "Ng", roles = new[] { "administrator" } }, HttpStatusCode.Created);
        await admin.PutJsonAsync("/api/tenants/platform/users/kim@platform.example", new { firstName = "Kimberly", lastName = "Ng", status = "inactive", roles = new[] { "Administrator" } });
        var user = await admin.GetJsonAsync("/api/tenants/platform/users/KIM@platform.example");

        Assert.Equal("Kimberly", user.GetProperty("firstName").GetString());
        Assert.Equal("inactive", user.GetProperty("status").GetString());
        Assert.Equal("platform", user.GetProperty("createdBy").GetString());
        Assert.Equal(["Learner", "Administrator"], user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await admin.GetJsonAsync("/api/tenants/platform/users?status=inactive");
        await admin.GetJsonAsync("/api/tenants/platform/users?status=gone", HttpStatusCode.BadRequest);
        await admin.PutJsonAsync("/api/tenants/platform/users/not-an-email", new { firstName = "A", lastName = "B" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_json_and_invalid_tenant_ids_are_400_problems()
    {
        await using var service = await TestService.StartAsync();

        var badJson = await service.Operator.PutAsync("/api/tenants/okid", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        var badId = await service.Operator.GetAsync("/api/tenants/Bad_Id");

        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal("application/problem+json", badId.Content.Headers.ContentType?.MediaType);
        await service.Operator.GetJsonAsync("/api/tenants/nobody", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_route_of_a_tenant_answers_404_for_a_tenant_that_does_not_exist_whatever_its_body()
    {
        await using var service = await TestService.StartAsync();
        var routes = service.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Service.Api.RouteAccess>() is not null && e.RoutePattern.Parameters.Any(p => p.Name == "tenantId"))
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => (Method: m, Route: e.RoutePattern.RawText!, Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName)))
            .ToList();
        Assert.True(routes.Count > 30, $"only {routes.Count} tenant routes found");

        var answers = new List<string>();
        foreach (var (method, route, name) in routes)
        {
            var path = "/" + Regex.Replace(route.TrimStart('/').Replace("{tenantId}", "nobody", StringComparison.Ordinal), "{[^}]+}", "x@nobody.example");
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method is "PUT" or "POST" ? new StringContent("{", System.Text.Encoding.UTF8, "application/json") : null };
            using var response = await service.Operator.SendAsync(request);
            answers.Add($"{name} {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
        }

        // The SCIM routes take only a SCIM token of their tenant (none exists for a tenant that does not): the operator key is 403 there.
        var scim = routes.Where(r => r.Route.Contains("/scim/v2", StringComparison.Ordinal)).Select(r => r.Name).ToHashSet();
        Assert.NotEmpty(scim);
        Assert.Equal(
            routes.Select(r => r.Name == "PutTenant" ? "PutTenant 400 application/problem+json"
                : scim.Contains(r.Name) ? $"{r.Name} 403 application/scim+json"
                : $"{r.Name} 404 application/problem+json"),
            answers);
    }
}
