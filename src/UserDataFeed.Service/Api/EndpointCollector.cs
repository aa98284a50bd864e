using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace UserDataFeed.Service.Api;

/// <summary>
/// An endpoint route builder that only collects what is mapped on it, for code that needs the catalog's endpoints
/// without a web application serving them: the Functions app's runner (the API and its docs) and the OpenAPI document it serves.
/// </summary>
public sealed class EndpointCollector(IServiceProvider services) : IEndpointRouteBuilder
{
    public IServiceProvider ServiceProvider => services;

    public ICollection<EndpointDataSource> DataSources { get; } = [];

    public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(services);

    /// <summary>The endpoints of <see cref="ApiCatalog"/>, built with <paramref name="services"/>.</summary>
    public static IReadOnlyList<Endpoint> Catalog(IServiceProvider services) => Collect(services, routes => routes.MapUserDataFeedApi());

    /// <summary>The endpoints of the interactive docs (<see cref="ApiDocsEndpoints"/>), built with <paramref name="services"/>.</summary>
    public static IReadOnlyList<Endpoint> Docs(IServiceProvider services) => Collect(services, routes => routes.MapApiDocs());

    private static IReadOnlyList<Endpoint> Collect(IServiceProvider services, Action<IEndpointRouteBuilder> map)
    {
        var collector = new EndpointCollector(services);
        map(collector);
        return [.. collector.DataSources.SelectMany(d => d.Endpoints)];
    }
}
