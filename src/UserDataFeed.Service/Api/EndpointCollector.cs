using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace UserDataFeed.Service.Api;

/// <summary>
/// An endpoint route builder that only collects what is mapped on it, for code that needs the catalog's endpoints
/// without a web application serving them: the Functions app's runner and the OpenAPI document it serves.
/// </summary>
public sealed class EndpointCollector(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider => services;

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);

    /// <summary>The endpoints of <see cref="ApiCatalog"/>, built with <paramref name="services"/>.</summary>
    public static IReadOnlyList<Endpoint> Catalog(IServiceProvider services)
    {
        var collector = new EndpointCollector(services);
        collector.MapUserDataFeedApi();
        return [.. collector.DataSources.SelectMany(d => d.Endpoints)];
    }
}
