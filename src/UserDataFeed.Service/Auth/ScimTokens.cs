namespace UserDataFeed.Service.Auth;

/// <summary>
/// SCIM tokens: <c>scim.{tenantId}.{secret}</c>, pasted into an identity provider as its bearer token. Shaped apart from
/// admin tokens, so the rate limit can count one before it is looked up and the checks can say what it is valid for;
/// only the token's SHA-256 hash is ever stored (<see cref="ScimTokenStore"/>).
/// </summary>
public static class ScimTokens
{
    private static readonly TenantTokenShape Shape = new("scim");

    /// <summary>How long a token lives when the admin does not say.</summary>
    public const int DefaultExpiresInDays = 365;

    /// <summary>The longest a token may live: an identity provider's secret should be rotated at least this often.</summary>
    public const int MaxExpiresInDays = 730;

    public static string Create(string tenantId) => Shape.Create(tenantId);

    public static string Hash(string token) => TenantTokenShape.Hash(token);

    /// <summary>The tenant a token claims to belong to, or null when it is not shaped like a SCIM token.</summary>
    public static string? TenantOf(string token) => Shape.TenantOf(token);
}
