using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace UserDataFeed.Service.Web;

/// <summary>Maps the admin page in the self-host: the page at <c>/</c>, its files under <c>/app/</c>.</summary>
public static class AdminPageEndpoints
{
    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => AdminPage.Serve(null)).ExcludeFromDescription();
        routes.MapGet($"/{AdminPage.AssetPrefix}/{{*asset}}", (string? asset) => AdminPage.Serve(asset ?? "")).ExcludeFromDescription();
        return routes;
    }
}
