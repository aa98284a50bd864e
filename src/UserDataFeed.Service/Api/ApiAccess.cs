using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Api;

/// <summary>Who may call a route.</summary>
public enum Access
{
    /// <summary>The operator key only.</summary>
    Operator,

    /// <summary>The tenant's admin tokens, or the operator key.</summary>
    TenantAdmin,
}

/// <summary>Endpoint metadata: who may call the route (<see cref="ApiCatalog"/> gives every route one).</summary>
public sealed record RouteAccess(Access Access);

/// <summary>
/// The first check of every route, in both hosts: the rate limits (429, <see cref="RequestLimits"/>), the bearer token
/// (401), whether it may call this route for this tenant (403), then the tenant id (400). So a request without a token
/// is 401 whatever else is wrong with it, unless its address has sent too many of those.
/// </summary>
public sealed class AccessFilter(Authenticator authenticator, RequestLimits limits, IOptions<S3Options> s3) : IEndpointFilter
{
    private readonly string bucketPrefix = s3.Value.BucketPrefix;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = http.GetEndpoint()?.Metadata.GetMetadata<RouteAccess>()?.Access
            ?? throw new InvalidOperationException($"The route {http.Request.Path} declares no access.");
        var tenantId = TenantIdOf(http);
        var token = Authenticator.BearerToken(http.Request);

        // Counted before the token is looked up, so a flood from one token (or without one) costs no store read.
        var tooMany = token is null
            ? limits.Admit(http, LimitScope.Address, RequestLimits.AddressKey(http))
            : limits.Admit(http, LimitScope.Token, RequestLimits.TokenKey(token));
        if (tooMany is not null)
        {
            return tooMany;
        }

        var outcome = await authenticator.AuthorizeAsync(http.Request, tenantId, access, http.RequestAborted);
        tooMany = outcome switch
        {
            // Tokens that change with every request are counted by where they come from.
            AuthOutcome.Unauthenticated when token is not null => limits.Admit(http, LimitScope.Address, RequestLimits.AddressKey(http)),
            AuthOutcome.Allowed when Actor.Of(http)?.Kind == Actor.AdminTokenKind => limits.Admit(http, LimitScope.Tenant, tenantId),
            _ => null,
        };
        if (tooMany is not null)
        {
            return tooMany;
        }

        if (outcome == AuthOutcome.Unauthenticated)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Refusal(outcome, access) ?? InvalidTenantId(tenantId, bucketPrefix) ?? await next(context);
    }

    /// <summary>The route's <c>{tenantId}</c> as sent.</summary>
    public static string TenantIdOf(HttpContext http) => http.Request.RouteValues["tenantId"]?.ToString() ?? "";

    private static object? Refusal(AuthOutcome outcome, Access access) => outcome switch
    {
        AuthOutcome.Unauthenticated => Problems.Unauthorized(
            "Send 'Authorization: Bearer <token>' with the operator key or a valid tenant admin token (not revoked, not expired)."),
        AuthOutcome.Forbidden => Problems.Forbidden(access == Access.Operator
            ? "Only the operator key may call this route."
            : "This token belongs to another tenant."),
        _ => null,
    };

    private static object? InvalidTenantId(string tenantId, string bucketPrefix) =>
        TenantId.Problem(tenantId, bucketPrefix) is { } invalid ? Problems.Validation("tenantId", invalid) : null;
}

/// <summary>Answers the problem of a request body a handler takes (<see cref="JsonBody{T}"/>), after the access check.</summary>
public sealed class BodyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.Arguments.OfType<IRequestBody>().Select(b => b.Problem).FirstOrDefault(p => p is not null) ?? await next(context);
}

/// <summary>
/// Loads the tenant of every route with a <c>{tenantId}</c>, once, after the access check and before the body is judged:
/// 404 when there is none (but on the route that creates it, <see cref="TenantMayNotExist"/>). A handler that needs the
/// tenant's record takes a <see cref="RouteTenant"/>, which this fills; one that needs only the id takes it as a string.
/// </summary>
public sealed class TenantFilter(TenantStore tenants) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.ContainsKey("tenantId") && http.GetEndpoint()?.Metadata.GetMetadata<TenantMayNotExist>() is null)
        {
            var id = AccessFilter.TenantIdOf(http);
            if (await tenants.GetAsync(id, http.RequestAborted) is not { } record)
            {
                return Problems.TenantNotFound(id);
            }

            if (context.Arguments.OfType<RouteTenant>().FirstOrDefault() is { } tenant)
            {
                tenant.Record = record;
            }
        }

        return await next(context);
    }
}

/// <summary>Endpoint metadata: the route creates its tenant, so <see cref="TenantFilter"/> does not require it to exist.</summary>
public sealed record TenantMayNotExist;

/// <summary>
/// A handler parameter: the route's tenant, which must exist. Bound from <c>{tenantId}</c> (no I/O, so nothing is read
/// before the access check); <see cref="TenantFilter"/> loads its record, or answers 404, before the handler runs.
/// </summary>
public sealed class RouteTenant
{
    private Tenant? record;

    private RouteTenant(string id) => Id = id;

    public string Id { get; }

    public Tenant Record
    {
        get => record ?? throw new InvalidOperationException("The tenant is loaded by TenantFilter before the handler runs.");
        internal set => record = value;
    }

    public static ValueTask<RouteTenant?> BindAsync(HttpContext http) => ValueTask.FromResult<RouteTenant?>(new RouteTenant(AccessFilter.TenantIdOf(http)));
}
