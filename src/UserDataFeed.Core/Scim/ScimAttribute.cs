namespace UserDataFeed.Core.Scim;

/// <summary>The data types of RFC 7643 §2.3.</summary>
#pragma warning disable CA1720 // The members are the RFC's names of the types.
public enum ScimAttributeType
{
    String,
    Boolean,
    Decimal,
    Integer,
    DateTime,
    Binary,
    Reference,
    Complex,
}
#pragma warning restore CA1720

/// <summary>RFC 7643 §7 <c>mutability</c>.</summary>
public enum ScimMutability
{
    ReadWrite,
    ReadOnly,
    Immutable,
    WriteOnly,
}

/// <summary>RFC 7643 §7 <c>returned</c>.</summary>
public enum ScimReturned
{
    Default,
    Always,
    Never,
    Request,
}

/// <summary>
/// One attribute of a schema with the characteristics of RFC 7643 §7 this core acts on. A complex attribute lists its
/// <see cref="SubAttributes"/>. <see cref="Name"/> is the canonical spelling, written when a PATCH adds the attribute.
/// </summary>
public sealed record ScimAttribute(
    string Name,
    ScimAttributeType Type = ScimAttributeType.String,
    bool MultiValued = false,
    bool CaseExact = false,
    ScimMutability Mutability = ScimMutability.ReadWrite,
    ScimReturned Returned = ScimReturned.Default,
    IReadOnlyList<ScimAttribute>? SubAttributes = null)
{
    public bool IsComplex => Type == ScimAttributeType.Complex;

    public ScimAttribute? SubAttribute(string name) =>
        SubAttributes?.FirstOrDefault(sub => AttributePath.SameName(sub.Name, name));
}

/// <summary>An extension schema (RFC 7643 §3.3): its URN and attributes, kept under the URN in a resource's JSON.</summary>
public sealed record ScimSchemaExtension(string Urn, IReadOnlyList<ScimAttribute> Attributes);

/// <summary>
/// What an attribute path names in a schema: the attribute, the sub-attribute when the path has one, and the extension
/// URN the attribute lives under (null for the core schema).
/// </summary>
public sealed record ScimResolvedPath(ScimAttribute Attribute, ScimAttribute? Sub, string? ExtensionUrn)
{
    /// <summary>The attribute or sub-attribute the path ends at.</summary>
    public ScimAttribute Target => Sub ?? Attribute;

    /// <summary>The path in canonical spelling: no URN for the core schema, the extension's URN otherwise.</summary>
    public AttributePath Path => new(ExtensionUrn, Attribute.Name, Sub?.Name);
}
