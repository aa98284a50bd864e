namespace UserDataFeed.Service.Auth;

/// <summary>
/// Tenant admin tokens: <c>udf.{tenantId}.{secret}</c>. The tenant id inside lets a wrong-tenant call be told
/// apart from a bad token; only the token's SHA-256 hash is ever stored.
/// </summary>
public static class AdminTokens
{
    private static readonly TenantTokenShape Shape = new("udf");

    public static string Create(string tenantId) => Shape.Create(tenantId);

    public static string Hash(string token) => TenantTokenShape.Hash(token);

    /// <summary>The tenant a token claims to belong to, or null when it is not shaped like an admin token.</summary>
    public static string? TenantOf(string token) => Shape.TenantOf(token);
}
