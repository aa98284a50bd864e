using System.Security.Cryptography;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Auth;

/// <summary>
/// SCIM tokens: <c>scim.{tenantId}.{secret}</c>, pasted into an identity provider as its bearer token. Shaped apart from
/// admin tokens, so the rate limit can count one before it is looked up and the checks can say what it is valid for;
/// only the token's SHA-256 hash is ever stored (<see cref="ScimTokenStore"/>).
/// </summary>
public static class ScimTokens
{
    private const string Scheme = "scim";

    /// <summary>How long a token lives when the admin does not say.</summary>
    public const int DefaultExpiresInDays = 365;

    /// <summary>The longest a token may live: an identity provider's secret should be rotated at least this often.</summary>
    public const int MaxExpiresInDays = 730;

    public static string Create(string tenantId) =>
        $"{Scheme}.{tenantId}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";

    public static string Hash(string token) => TableKeys.Hash(token);

    /// <summary>The tenant a token claims to belong to, or null when it is not shaped like a SCIM token.</summary>
    public static string? TenantOf(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && parts[0] == Scheme && TenantId.IsValid(parts[1]) && parts[2].Length >= 40 ? parts[1] : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
