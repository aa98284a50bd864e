using System.Security.Cryptography;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Auth;

/// <summary>
/// A bearer token that names its tenant and says its kind: <c>{scheme}.{tenantId}.{secret}</c>, the secret 32 random
/// bytes in base64url. Only its SHA-256 hash is ever stored.
/// </summary>
public sealed class TenantTokenShape(string scheme)
{
    public string Create(string tenantId) =>
        $"{scheme}.{tenantId}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    public static string Hash(string token) => TableKeys.Hash(token);

    /// <summary>The tenant a token claims to belong to, or null when it does not have this shape.</summary>
    public string? TenantOf(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && parts[0] == scheme && TenantId.IsValid(parts[1]) && parts[2].Length >= 40 ? parts[1] : null;
    }
}
