using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Functions;

namespace UserDataFeed.IntegrationTests;

/// <summary>The checks every route makes (token, tenant) come before its body is judged, in both hosts.</summary>
public sealed class RouteCheckOrderTests
{
    private const string Broken = "{not json";

    [Fact]
    public async Task Request_without_a_token_and_with_a_broken_body_is_401_in_both_hosts()
    {
        await using var selfHost = await TestService.StartAsync();
        await using var functions = await FunctionsAppAsync();

        var self = await selfHost.Client(null).PutAsync("/api/tenants/order/feed/mapping", new StringContent(Broken, Encoding.UTF8, "application/json"));
        var wrongType = await selfHost.Client(null).PutAsync("/api/tenants/order/feed/mapping", new StringContent(Broken, Encoding.UTF8, "text/plain"));
        var function = await FunctionCalls.InvokeAsync(functions, "PUT", "/api/tenants/order/feed/mapping", null, Broken, Mapping(functions).PutMapping);

        Assert.Equal((HttpStatusCode.Unauthorized, "Bearer"), (self.StatusCode, self.Headers.WwwAuthenticate.ToString()));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongType.StatusCode);
        Assert.Equal((StatusCodes.Status401Unauthorized, "application/problem+json"), (function.Status, function.ContentType));
    }

    [Fact]
    public async Task Broken_body_for_a_tenant_that_does_not_exist_is_404_in_both_hosts()
    {
        var settings = TestService.NewSettings();
        await using var selfHost = await TestService.StartAsync(s => { s.Clear(); foreach (var (k, v) in settings) { s[k] = v; } });
        await using var functions = await FunctionsAppAsync(settings);

        var self = await selfHost.Operator.PutAsync("/api/tenants/nosuch/feed/mapping", new StringContent(Broken, Encoding.UTF8, "application/json"));
        var function = await FunctionCalls.InvokeAsync(
            functions, "PUT", "/api/tenants/nosuch/feed/mapping", settings["Auth:OperatorKey"], Broken, Mapping(functions).PutMapping);

        Assert.Equal(HttpStatusCode.NotFound, self.StatusCode);
        Assert.Contains("nosuch", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status404NotFound, function.Status);
        Assert.Contains("nosuch", function.Body, StringComparison.Ordinal);
    }

    private static MappingFunctions Mapping(IServiceProvider services) => new(services.GetRequiredService<HttpFunctionRunner>());

    private static async Task<ServiceProvider> FunctionsAppAsync(Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings ?? TestService.NewSettings()).Build())
            .BuildServiceProvider();
        await FunctionCalls.StartAsync(services);
        return services;
    }
}
