using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Web;

namespace UserDataFeed.Functions;

/// <summary>
/// The admin page, as the self-host serves it (<see cref="AdminPage"/>): the page at the site root, its files under
/// <c>/app/</c>. The root takes an optional empty segment because the Functions host does not bind an empty route
/// (with host.json's empty route prefix and AzureWebJobsDisableHomepage, the host's own home page is off).
/// </summary>
public sealed class AdminPageFunctions
{
    public const string PageRoute = "{root:maxlength(0)?}";

    public const string AssetRoute = AdminPage.AssetPrefix + "/{*asset}";

    [Function(nameof(AdminPage))]
    public IResult Page([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = PageRoute)] HttpRequest request) =>
        AdminPage.Serve(null);

    [Function(nameof(AdminPage) + "Asset")]
    public IResult Asset([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = AssetRoute)] HttpRequest request, string? asset) =>
        AdminPage.Serve(asset ?? "");
}
