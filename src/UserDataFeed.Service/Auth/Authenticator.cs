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
/// Bearer tokens (SPEC §5): the operator key for everything, a tenant admin token (not revoked, not expired)
/// for its own tenant's routes.
/// </summary>
public sealed class Authenticator(IOptions<AuthOptions> options, AdminTokenStore adminTokens, TimeProvider time)
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
            return AuthOutcome.Allowed;
        }

        var tokenTenant = AdminTokens.TenantOf(token);
        if (tokenTenant is null)
        {
            return AuthOutcome.Unauthenticated;
        }

        // Read on every request, so a revoked or expired token is refused from the next request on.
        var hash = AdminTokens.Hash(token);
        var now = time.GetUtcNow();
        if (await adminTokens.GetAsync(tokenTenant, hash, cancellationToken) is not { } known || known.ExpiresAt <= now)
        {
            return AuthOutcome.Unauthenticated;
        }

        if (known.LastUsedAt is not { } last || now - last >= LastUseResolution)
        {
            await adminTokens.TouchAsync(tokenTenant, hash, now, cancellationToken);
        }

        Actor.Set(request.HttpContext, Actor.AdminToken(known.Id));
        return access == Access.TenantAdmin && tokenTenant == tenantId ? AuthOutcome.Allowed : AuthOutcome.Forbidden;
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
