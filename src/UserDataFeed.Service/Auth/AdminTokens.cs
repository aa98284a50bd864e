using System.Security.Cryptography;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Auth;

/// <summary>
/// Tenant admin tokens: <c>udf.{tenantId}.{secret}</c>. The tenant id inside lets a wrong-tenant call be told
/// apart from a bad token; only the token's SHA-256 hash is ever stored.
/// </summary>
public static class AdminTokens
{
    private const string Scheme = "udf";

    public static string Create(string tenantId) =>
        $"{Scheme}.{tenantId}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public static string Hash(string token) => TableKeys.Hash(token);

    /// <summary>The tenant a token claims to belong to, or null when it is not shaped like an admin token.</summary>
    public static string? TenantOf(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && parts[0] == Scheme && TenantId.IsValid(parts[1]) && parts[2].Length >= 40 ? parts[1] : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
