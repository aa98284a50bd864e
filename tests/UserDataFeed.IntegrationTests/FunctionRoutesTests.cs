using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Functions;

namespace UserDataFeed.IntegrationTests;

/// <summary>The Functions worker refuses to start when an HTTP function's declaration drifts from the API's catalog.</summary>
public sealed class FunctionRoutesTests
{
    [Fact]
    public async Task The_worker_starts_when_every_route_of_the_catalog_has_its_function_as_declared()
    {
        using var services = FunctionServices();

        await new FunctionRoutes(services.GetRequiredService<HttpFunctionRunner>()).StartAsync(CancellationToken.None);
    }

    [Fact]
    public void A_function_declaring_another_route_or_none_is_named_with_what_differs()
    {
        using var services = FunctionServices();
        var types = typeof(FunctionRoutes).Assembly.GetTypes().Where(t => t != typeof(TenantFunctions)).Append(typeof(DriftedTenantFunctions));

        var mismatches = FunctionRoutes.Mismatches(types, services.GetRequiredService<HttpFunctionRunner>().Endpoints);

        Assert.Contains("GetTenant is GET api/tenants/{tenantId} in the catalog but POST api/tenant/{tenantId} as a function", mismatches);
        Assert.Contains(mismatches, m => m.StartsWith("PutTenant (PUT api/tenants/{tenantId}) has 0 functions", StringComparison.Ordinal));
    }

    private static ServiceProvider FunctionServices() => new ServiceCollection()
        .AddLogging()
        .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(TestService.NewSettings()).Build())
        .BuildServiceProvider();

    /// <summary>A tenant function whose route and method were edited without the catalog.</summary>
    private sealed class DriftedTenantFunctions
    {
        [Function("GetTenant")]
        public static IResult GetTenant([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenant/{tenantId}")] HttpRequest request) => Results.Empty;
    }
}
