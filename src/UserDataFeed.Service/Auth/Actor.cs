using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Auth;

/// <summary>
/// Who made a request, as the audit records it: the operator key, a tenant admin token or a SCIM token by its id (never
/// the token, nor its hash). <see cref="Authenticator"/> puts it on the request once the token is accepted.
/// </summary>
public sealed record Actor(string Kind, string? TokenId)
{
    public const string OperatorKind = "operator";
    public const string AdminTokenKind = "adminToken";
    public const string ScimTokenKind = "scim-token";

    public static readonly Actor Operator = new(OperatorKind, null);

    public static Actor AdminToken(string tokenId) => new(AdminTokenKind, tokenId);

    public static Actor ScimToken(string tokenId) => new(ScimTokenKind, tokenId);

    /// <summary>The actor in one word, as a user's history names who changed it: <c>operator</c>, <c>scim-token:{id}</c>.</summary>
    public string Name => TokenId is null ? Kind : $"{Kind}:{TokenId}";

    private static readonly object ItemKey = new();

    /// <summary>The request's actor; null before (or without) an accepted token.</summary>
    public static Actor? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var actor) ? actor as Actor : null;

    internal static void Set(HttpContext http, Actor actor) => http.Items[ItemKey] = actor;
}
