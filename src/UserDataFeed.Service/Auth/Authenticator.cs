using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Auth;

public enum AuthOutcome
{
    Allowed,
    Unauthenticated,
    Forbidden,
}

/// <summary>
/// Bearer tokens (SPEC §5): the operator key for every route but the SCIM routes, a tenant admin token (not revoked, not
/// expired) for its own tenant's routes, and a SCIM token (not revoked, not expired) for its own tenant's SCIM routes
/// only (<see cref="Access.Scim"/>, which takes nothing else).
/// </summary>
public sealed class Authenticator(IOptions<AuthOptions> options, AdminTokenStore adminTokens, ScimTokenStore scimTokens, TimeProvider time)
{
    /// <summary>A token's last use is written at most this often (a request reads the token's row anyway; it writes only then).</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    private readonly byte[] operatorKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.OperatorKey));

    public async Task<AuthOutcome> AuthorizeAsync(HttpRequest request, string tenantId, Access access, CancellationToken cancellationToken)
    {
        var token = BearerToken(request);
        if (token is null)
        {
            return AuthOutcome.Unauthenticated;
        }

        if (CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), operatorKeyHash))
        {
            Actor.Set(request.HttpContext, Actor.Operator);
            return access == Access.Scim ? AuthOutcome.Forbidden : AuthOutcome.Allowed;
        }

        if (ScimTokens.TenantOf(token) is { } scimTenant)
        {
            if (await KnownAsync(scimTokens, scimTenant, ScimTokens.Hash(token), cancellationToken) is not { } scim)
            {
                return AuthOutcome.Unauthenticated;
            }

            Actor.Set(request.HttpContext, Actor.ScimToken(scim.Id));
            return access == Access.Scim && scimTenant == tenantId ? AuthOutcome.Allowed : AuthOutcome.Forbidden;
        }

        if (AdminTokens.TenantOf(token) is not { } adminTenant
            || await KnownAsync(adminTokens, adminTenant, AdminTokens.Hash(token), cancellationToken) is not { } admin)
        {
            return AuthOutcome.Unauthenticated;
        }

        Actor.Set(request.HttpContext, Actor.AdminToken(admin.Id));
        return access == Access.TenantAdmin && adminTenant == tenantId ? AuthOutcome.Allowed : AuthOutcome.Forbidden;
    }

    /// <summary>
    /// The token with this hash when it is known and not expired, its use recorded (at most once per
    /// <see cref="LastUseResolution"/>); read on every request, so a revoked or expired token is refused from the next request on.
    /// </summary>
    private async Task<AdminTokenInfo?> KnownAsync(HashedTokenStore store, string tenantId, string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await store.GetAsync(tenantId, hash, cancellationToken) is not { } known || known.ExpiresAt <= now)
        {
            return null;
        }

        if (known.LastUsedAt is not { } last || now - last >= LastUseResolution)
        {
            await store.TouchAsync(tenantId, hash, now, cancellationToken);
        }

        return known;
    }

    /// <summary>The request's bearer token as sent, or null without one.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length
            ? header[prefix.Length..].Trim()
            : null;
    }
}
