using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>
/// Serves the API in the Functions worker, which routes a request to a function rather than to an endpoint: the
/// endpoints of <see cref="ApiCatalog"/> are built once (the same handlers and metadata as the self-host's),
/// and each HTTP function runs the endpoint of its own name, with the route values of its template, after the checks
/// the self-host's middleware makes (<see cref="RouteChecks"/>), and with the same exception handlers. The interactive
/// docs' endpoints are Scalar's, unnamed, so their function runs the one whose template matches.
/// </summary>
public sealed class HttpFunctionRunner(IServiceProvider services, RouteChecks checks, IEnumerable<IExceptionHandler> exceptionHandlers)
{
    private readonly Lazy<FrozenDictionary<string, Route>> routes = new(() => Build(services));

    private readonly Lazy<Route[]> docs = new(() => BuildDocs(services));

    /// <summary>The endpoints by name (the function names), as the self-host maps them.</summary>
    public IReadOnlyCollection<RouteEndpoint> Endpoints => [.. routes.Value.Values.Select(r => r.Endpoint)];

    /// <summary>Runs the endpoint named as the calling function; the endpoint writes the response, so the function's result is empty.</summary>
    public Task<IResult> RunAsync(HttpRequest request, [CallerMemberName] string name = "")
    {
        var route = routes.Value[name];
        var values = new RouteValueDictionary();
        route.Matcher.TryMatch(request.Path, values);
        return RunAsync(route, values, request);
    }

    /// <summary>Runs the interactive docs' endpoint (<see cref="ApiDocsEndpoints"/>) that matches the request's path, the most specific first, or answers 404.</summary>
    public Task<IResult> RunDocsAsync(HttpRequest request)
    {
        foreach (var route in docs.Value)
        {
            var values = new RouteValueDictionary();
            if (route.Matcher.TryMatch(request.Path, values))
            {
                return RunAsync(route, values, request);
            }
        }

        return Task.FromResult<IResult>(TypedResults.NotFound());
    }

    private async Task<IResult> RunAsync(Route route, RouteValueDictionary values, HttpRequest request)
    {
        var http = request.HttpContext;
        request.RouteValues = values;
        http.SetEndpoint(route.Endpoint);
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is null)
        {
            // ASP.NET Core binds a body only where the server says there may be one; a context built without a server cannot tell.
            http.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(request.ContentLength != 0 && request.Body != Stream.Null));
        }

        try
        {
            if (RouteChecks.Guards(route.Endpoint) && await checks.RefuseAsync(http) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
            }
            else
            {
                await route.Endpoint.RequestDelegate!(http);
            }
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
            Route.Of);
    }

    private static Route[] BuildDocs(IServiceProvider services) =>
        [.. EndpointCollector.Docs(services).OfType<RouteEndpoint>()
            .OrderBy(e => RoutePrecedence.ComputeInbound(new RouteTemplate(e.RoutePattern)))
            .Select(Route.Of)];

    private sealed record BodyDetection(bool CanHaveBody) : IHttpRequestBodyDetectionFeature;

    private sealed record Route(RouteEndpoint Endpoint, TemplateMatcher Matcher)
    {
        public static Route Of(RouteEndpoint endpoint) =>
            new(endpoint, new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary()));
    }
}
