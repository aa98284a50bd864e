using Microsoft.AspNetCore.Http;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>Absolute SCIM addresses (<c>meta.location</c>, the base URL an identity provider is given), from the request's own.</summary>
public static class ScimLocations
{
    /// <summary>The tenant's SCIM base URL (<see cref="Routes.ScimBase"/>) as this request reached the service.</summary>
    public static string BaseUrl(HttpRequest request, string tenantId) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/{Routes.ScimBase.Replace("{tenantId}", Uri.EscapeDataString(tenantId), StringComparison.Ordinal)}";

    /// <summary>An address under the tenant's base URL: <c>…/scim/v2/{segments}</c>, each segment escaped.</summary>
    public static string Of(HttpRequest request, string tenantId, params string[] segments) =>
        string.Join('/', [BaseUrl(request, tenantId), .. segments.Select(Uri.EscapeDataString)]);
}
