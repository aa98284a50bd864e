using Microsoft.AspNetCore.Http;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Api;

/// <summary>Who may call a route.</summary>
public enum Access
{
    /// <summary>The operator key only.</summary>
    Operator,

    /// <summary>The tenant's admin tokens, or the operator key.</summary>
    TenantAdmin,

    /// <summary>The tenant's SCIM tokens only (the SCIM service's routes; neither admin tokens nor the operator key).</summary>
    Scim,
}

/// <summary>Endpoint metadata: who may call the route (<see cref="ApiCatalog"/> gives every route one).</summary>
public sealed record RouteAccess(Access Access);

/// <summary>Endpoint metadata: the route creates its tenant, so <see cref="RouteChecks"/> do not require it to exist.</summary>
public sealed record TenantMayNotExist;

/// <summary>
/// A handler parameter: the route's tenant, which exists. <see cref="RouteChecks"/> loads it (or answers 404) before the
/// request delegate binds anything, and keeps it on the request for this binding.
/// </summary>
public sealed class RouteTenant(string id, Tenant record)
{
    public string Id { get; } = id;

    public Tenant Record { get; } = record;

    public static ValueTask<RouteTenant?> BindAsync(HttpContext http) => ValueTask.FromResult<RouteTenant?>(
        http.Features.Get<RouteTenant>() ?? throw new InvalidOperationException("The tenant is loaded by RouteChecks before the endpoint runs."));
}
