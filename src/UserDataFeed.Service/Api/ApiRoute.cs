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

/// <summary>What body a route takes; the dispatcher checks a JSON body's content type before the handler runs.</summary>
public enum RequestBody
{
    None,

    /// <summary>A JSON object, sent as <c>application/json</c>.</summary>
    Json,

    /// <summary>A JSON object, or no body at all.</summary>
    OptionalJson,

    /// <summary>A CSV: a <c>text/csv</c> body or the multipart field <c>file</c>.</summary>
    Csv,
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
public sealed record ApiRoute(string Name, string Method, string Template, Access Access, ApiHandler Handler, RequestBody Body = RequestBody.None);
