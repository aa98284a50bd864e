using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The interactive docs of the OpenAPI document at <c>/api/docs</c> (<c>Scalar.AspNetCore</c>), as both hosts map
/// them: Scalar's own bundle is served by the app, and neither fonts nor telemetry come from elsewhere.
/// </summary>
public static class ApiDocsEndpoints
{
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder routes)
    {
        routes.MapScalarApiReference("/" + Routes.Docs, docs =>
        {
            docs.OpenApiRoutePattern = "/" + Routes.OpenApi;
            docs.Title = "UserDataFeed API";
            docs.DefaultFonts = false;
            docs.Telemetry = false;
        });
        return routes;
    }
}
