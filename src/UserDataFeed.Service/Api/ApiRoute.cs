using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace UserDataFeed.Service.Api;

/// <summary>Who may call a route.</summary>
public enum Access
{
    /// <summary>The operator key only.</summary>
    Operator,

    /// <summary>The tenant's admin tokens, or the operator key.</summary>
    TenantAdmin,
}

/// <summary>What a handler gets: the request, its route values, the authenticated tenant, services and cancellation.</summary>
public sealed record ApiCall(HttpContext Http, RouteValueDictionary RouteValues, string TenantId, CancellationToken Cancellation)
{
    public HttpRequest Request => Http.Request;

    public string Route(string name) => RouteValues[name]?.ToString() ?? "";

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}

public delegate Task<IResult> ApiHandler(ApiCall call);

/// <summary>One route of the API: the single definition both hosts serve.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, Access Access, ApiHandler Handler);
