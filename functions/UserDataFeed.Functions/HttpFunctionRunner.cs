using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>
/// Serves the API in the Functions worker, which routes a request to a function rather than to an endpoint: the
/// endpoints of <see cref="ApiCatalog"/> are built once (the same handlers, filters and metadata as the self-host's),
/// and each HTTP function runs the endpoint of its own name, with the route values of its template.
/// </summary>
public sealed class HttpFunctionRunner(IServiceProvider services, IEnumerable<IExceptionHandler> exceptionHandlers)
{
    private readonly Lazy<FrozenDictionary<string, Route>> routes = new(() => Build(services));

    /// <summary>The endpoints by name (the function names), as the self-host maps them.</summary>
    public IReadOnlyCollection<RouteEndpoint> Endpoints => [.. routes.Value.Values.Select(r => r.Endpoint)];

    /// <summary>Runs the endpoint named as the calling function; the endpoint writes the response, so the function's result is empty.</summary>
    public async Task<IResult> RunAsync(HttpRequest request, [CallerMemberName] string name = "")
    {
        var route = routes.Value[name];
        var http = request.HttpContext;
        var values = new RouteValueDictionary();
        route.Matcher.TryMatch(request.Path, values);
        request.RouteValues = values;
        http.SetEndpoint(route.Endpoint);
        try
        {
            await route.Endpoint.RequestDelegate!(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            if (!await HandleAsync(http, ex))
            {
                throw;
            }
        }

        return Results.Empty;
    }

    /// <summary>The exception handlers the self-host's exception middleware runs, in the same order.</summary>
    private async Task<bool> HandleAsync(HttpContext http, Exception exception)
    {
        foreach (var handler in exceptionHandlers)
        {
            if (await handler.TryHandleAsync(http, exception, http.RequestAborted))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenDictionary<string, Route> Build(IServiceProvider services)
    {
        return EndpointCollector.Catalog(services).OfType<RouteEndpoint>().ToFrozenDictionary(
            e => e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName,
            e => new Route(e, new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary())));
    }

    private sealed record Route(RouteEndpoint Endpoint, TemplateMatcher Matcher);
}
