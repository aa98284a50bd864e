namespace UserDataFeed.Core.Scim;

/// <summary>
/// An attribute path of RFC 7644 §3.10: an optional schema URN (<c>urn:…:enterprise:2.0:User</c>), an attribute name
/// and an optional sub-attribute (<c>emails.value</c>). Names keep the spelling they were written in; compare them with
/// <see cref="Names"/> (attribute names are case-insensitive, RFC 7643 §2.1).
/// </summary>
public sealed record AttributePath(string? SchemaUrn, string Name, string? SubAttribute = null)
{
    public static AttributePath Of(string name, string? subAttribute = null) => new(null, name, subAttribute);

    /// <summary>The path of <paramref name="subAttribute"/> under this (sub-attribute-free) attribute.</summary>
    public AttributePath Sub(string subAttribute) => this with { SubAttribute = subAttribute };

    /// <summary>This path without its sub-attribute.</summary>
    public AttributePath Attribute => SubAttribute is null ? this : this with { SubAttribute = null };

    public override string ToString() =>
        (SchemaUrn is null ? "" : SchemaUrn + ":") + Name + (SubAttribute is null ? "" : "." + SubAttribute);

    /// <summary>Whether two attribute or schema names are the same name.</summary>
    public static bool SameName(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static StringComparer Names => StringComparer.OrdinalIgnoreCase;
}
