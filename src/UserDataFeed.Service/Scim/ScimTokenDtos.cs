using System.ComponentModel;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Scim;

public sealed record ScimTokenBody(
    [property: Description("a label of at most 100 characters, e.g. \"Entra ID\"")] string? Label,
    [property: Description("days until the token expires (1–730; absent: 365)")] int? ExpiresInDays);

/// <summary>An issued SCIM token: the only time <see cref="Token"/> is shown; <see cref="ScimBaseUrl"/> is what the identity provider is given with it.</summary>
public sealed record IssuedScimTokenDto(string Id, string TenantId, string Token, string? Label, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string ScimBaseUrl);

/// <summary>A SCIM token as listed: never the token.</summary>
public sealed record ScimTokenDto(string Id, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static ScimTokenDto From(AdminTokenInfo t) => new(t.Id, t.Label, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);
}
