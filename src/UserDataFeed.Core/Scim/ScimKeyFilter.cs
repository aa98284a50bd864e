namespace UserDataFeed.Core.Scim;

/// <summary>The keys a service can look a resource up by instead of scanning.</summary>
public enum ScimKey
{
    Id,
    UserName,
    ExternalId,

    /// <summary>Any of a user's emails (<c>emails.value eq "x"</c>, <c>emails eq "x"</c>).</summary>
    Email,

    /// <summary>A user's work email (<c>emails[type eq "work"].value eq "x"</c>, Entra's matching query).</summary>
    WorkEmail,

    /// <summary>A group's name (<c>displayName eq "x"</c>, how Entra and Okta find a group).</summary>
    DisplayName,
}

/// <summary>A filter that asks for the resources whose <see cref="Key"/> equals <see cref="Value"/>, and nothing else.</summary>
public sealed record ScimKeyFilter(ScimKey Key, string Value)
{
    /// <summary>
    /// The key and value <paramref name="filter"/> asks for when it is one of the simple forms identity providers send
    /// to match a resource, or null. The service may look the key up, then still run the filter on what it found, since
    /// how the key's stored form compares (case, for one) is its own.
    /// </summary>
    public static ScimKeyFilter? Recognise(ScimFilter filter) => filter switch
    {
        ScimComparison { Operator: ScimOperator.Eq, Value: { Kind: ScimLiteralKind.String, Text: { } value } } comparison
            when IsCore(comparison.Path) && KeyOf(comparison.Path) is { } key => new ScimKeyFilter(key, value),
        ScimValuePath { Inner: ScimLogical { All: true, Operands: [var first, var second] } } valuePath
            when IsCore(valuePath.Path) && AttributePath.SameName(valuePath.Path.Name, "emails") && valuePath.Path.SubAttribute is null =>
            WorkEmail(first, second) ?? WorkEmail(second, first),
        _ => null,
    };

    private static ScimKey? KeyOf(AttributePath path) => (path.Name.ToLowerInvariant(), path.SubAttribute?.ToLowerInvariant()) switch
    {
        ("id", null) => ScimKey.Id,
        ("username", null) => ScimKey.UserName,
        ("externalid", null) => ScimKey.ExternalId,
        ("displayname", null) => ScimKey.DisplayName,
        ("emails", null or "value") => ScimKey.Email,
        _ => null,
    };

    private static ScimKeyFilter? WorkEmail(ScimFilter type, ScimFilter value) =>
        Equality(type, "type") is { } kind && string.Equals(kind, "work", StringComparison.OrdinalIgnoreCase)
        && Equality(value, "value") is { } email
            ? new ScimKeyFilter(ScimKey.WorkEmail, email)
            : null;

    private static string? Equality(ScimFilter filter, string name) =>
        filter is ScimComparison { Operator: ScimOperator.Eq, Value: { Kind: ScimLiteralKind.String, Text: var text }, Path: var path }
        && path.SchemaUrn is null && path.SubAttribute is null && AttributePath.SameName(path.Name, name)
            ? text
            : null;

    private static bool IsCore(AttributePath path) =>
        path.SchemaUrn is null || AttributePath.SameName(path.SchemaUrn, ScimSchemas.UserUrn) || AttributePath.SameName(path.SchemaUrn, ScimSchemas.GroupUrn);
}
