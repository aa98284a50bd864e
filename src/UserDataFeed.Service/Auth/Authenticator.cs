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

/// <summary>Bearer tokens (SPEC §5): the operator key for everything, a tenant admin token for its own tenant's routes.</summary>
public sealed class Authenticator(IOptions<AuthOptions> options, TenantStore tenants)
{
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
            return AuthOutcome.Allowed;
        }

        var tokenTenant = AdminTokens.TenantOf(token);
        if (tokenTenant is null || !await tenants.HasTokenHashAsync(tokenTenant, AdminTokens.Hash(token), cancellationToken))
        {
            return AuthOutcome.Unauthenticated;
        }

        return access == Access.TenantAdmin && tokenTenant == tenantId ? AuthOutcome.Allowed : AuthOutcome.Forbidden;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length
            ? header[prefix.Length..].Trim()
            : null;
    }
}
