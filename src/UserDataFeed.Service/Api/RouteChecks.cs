using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Auth;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The checks every route of <see cref="ApiCatalog"/> makes, in both hosts, before its request delegate binds anything:
/// the rate limits (429, <see cref="RequestLimits"/>), the bearer token (401), whether it may call this route for this
/// tenant (403), the tenant id (400), the tenant's record (404, but on the route that creates it:
/// <see cref="TenantMayNotExist"/>), and last a JSON body's size (413, <see cref="JsonBody.PrepareAsync"/>). So a request
/// without a token is 401 whatever else is wrong with it, unless its address has sent too many of those. The self-host
/// runs them as a middleware after routing (<see cref="RouteChecksMiddleware.UseRouteChecks"/>); the Functions app's
/// runner calls <see cref="RefuseAsync"/> before it runs the endpoint. On a SCIM route (<see cref="ScimRoute"/>) each
/// refusal is a SCIM error (<see cref="ScimErrors"/>), with the same status, reason and headers.
/// </summary>
public sealed class RouteChecks(Authenticator authenticator, RequestLimits limits, TenantStore tenants, IOptions<S3Options> s3)
{
    private readonly string bucketPrefix = s3.Value.BucketPrefix;

    /// <summary>Whether <paramref name="endpoint"/> is one of the catalog's routes, which these checks guard.</summary>
    public static bool Guards(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<RouteAccess>() is not null;

    /// <summary>The problem to answer instead of running the endpoint, or null when it may run (its <see cref="RouteTenant"/> then loaded).</summary>
    public async Task<IResult?> RefuseAsync(HttpContext http)
    {
        var access = http.GetEndpoint()?.Metadata.GetMetadata<RouteAccess>()?.Access
            ?? throw new InvalidOperationException($"The route {http.Request.Path} declares no access.");
        var refusal = await AccessAsync(http, access) ?? await TenantAsync(http) ?? await JsonBody.PrepareAsync(http);
        return refusal is not null && ScimRoute.Marks(http.GetEndpoint()) ? ScimErrors.From(refusal) : refusal;
    }

    /// <summary>The route's <c>{tenantId}</c> as sent.</summary>
    public static string TenantIdOf(HttpContext http) => http.Request.RouteValues["tenantId"]?.ToString() ?? "";

    private async Task<IResult?> AccessAsync(HttpContext http, Access access)
    {
        var tenantId = TenantIdOf(http);
        var token = Authenticator.BearerToken(http.Request);

        // Counted before the token is looked up, so a flood from one token (or without one) costs no store read.
        var tooMany = token is null
            ? limits.Admit(http, LimitScope.Address, RequestLimits.AddressKey(http))
            : limits.Admit(http, ScimTokens.TenantOf(token) is null ? LimitScope.Token : LimitScope.ScimToken, RequestLimits.TokenKey(token));
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

        return Refusal(outcome, access, Actor.Of(http)) ?? InvalidTenantId(tenantId, bucketPrefix);
    }

    /// <summary>Loads the tenant of a route with a <c>{tenantId}</c>, once, for the handler's <see cref="RouteTenant"/>: 404 when there is none.</summary>
    private async Task<IResult?> TenantAsync(HttpContext http)
    {
        if (!http.Request.RouteValues.ContainsKey("tenantId") || http.GetEndpoint()?.Metadata.GetMetadata<TenantMayNotExist>() is not null)
        {
            return null;
        }

        var id = TenantIdOf(http);
        if (await tenants.GetAsync(id, http.RequestAborted) is not { } record)
        {
            return Problems.TenantNotFound(id);
        }

        http.Features.Set(new RouteTenant(id, record));
        return null;
    }

    private static IResult? Refusal(AuthOutcome outcome, Access access, Actor? actor) => outcome switch
    {
        AuthOutcome.Unauthenticated when access == Access.Scim => Problems.Unauthorized(
            "Send 'Authorization: Bearer <token>' with a valid SCIM token of this tenant (not revoked, not expired)."),
        AuthOutcome.Unauthenticated => Problems.Unauthorized(
            "Send 'Authorization: Bearer <token>' with the operator key or a valid tenant admin token (not revoked, not expired)."),
        AuthOutcome.Forbidden => Problems.Forbidden(ForbiddenReason(access, actor)),
        _ => null,
    };

    private static string ForbiddenReason(Access access, Actor? actor) => (access, actor?.Kind) switch
    {
        (not Access.Scim, Actor.ScimTokenKind) => "A SCIM token is valid on the SCIM routes only.",
        (Access.Scim, not Actor.ScimTokenKind) => "The SCIM routes take a SCIM token of this tenant only (not an admin token, nor the operator key).",
        (Access.Operator, _) => "Only the operator key may call this route.",
        _ => "This token belongs to another tenant.",
    };

    private static IResult? InvalidTenantId(string tenantId, string bucketPrefix) =>
        TenantId.Problem(tenantId, bucketPrefix) is { } invalid ? Problems.Validation("tenantId", invalid) : null;
}

/// <summary>The self-host's place for <see cref="RouteChecks"/>: after routing, before the endpoint.</summary>
public static class RouteChecksMiddleware
{
    /// <summary>Runs <see cref="RouteChecks"/> for every catalog route; must come after <c>UseRouting</c>.</summary>
    public static IApplicationBuilder UseRouteChecks(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (RouteChecks.Guards(http.GetEndpoint())
                && await http.RequestServices.GetRequiredService<RouteChecks>().RefuseAsync(http) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }

            await next(http);
        });
}
