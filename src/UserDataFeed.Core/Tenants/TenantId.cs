namespace UserDataFeed.Core.Tenants;

/// <summary>Tenant ids: 3–40 characters of a-z, 0-9 and '-' (SPEC §5).</summary>
public static class TenantId
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 3 and <= 40 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
