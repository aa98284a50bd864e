namespace UserDataFeed.Core.Scim;

/// <summary>
/// A resource type's schema: its core schema (URN and attributes) and extensions. It resolves attribute paths, so the
/// filter, PATCH and projection code knows what a path names, whether it is case-exact, multi-valued or read-only.
/// The service adds the tenant's custom-field extension with <see cref="WithExtension"/>.
/// </summary>
public sealed class ScimSchema(string coreUrn, IReadOnlyList<ScimAttribute> attributes, IReadOnlyList<ScimSchemaExtension> extensions)
{
    public string CoreUrn { get; } = coreUrn;

    public IReadOnlyList<ScimAttribute> Attributes { get; } = attributes;

    public IReadOnlyList<ScimSchemaExtension> Extensions { get; } = extensions;

    public ScimSchema WithExtension(ScimSchemaExtension extension) => new(CoreUrn, Attributes, [.. Extensions, extension]);

    /// <summary>The extension whose URN this is, or null.</summary>
    public ScimSchemaExtension? Extension(string urn) =>
        Extensions.FirstOrDefault(extension => AttributePath.SameName(extension.Urn, urn));

    /// <summary>
    /// What <paramref name="path"/> names, or null when the schema has no such attribute. A path without a URN names a
    /// core attribute; the core URN may be written in front of it too.
    /// </summary>
    public ScimResolvedPath? Resolve(AttributePath path)
    {
        IReadOnlyList<ScimAttribute>? candidates;
        string? extensionUrn = null;
        if (path.SchemaUrn is null || AttributePath.SameName(path.SchemaUrn, CoreUrn))
        {
            candidates = Attributes;
        }
        else
        {
            var extension = Extension(path.SchemaUrn);
            candidates = extension?.Attributes;
            extensionUrn = extension?.Urn;
        }

        var attribute = candidates?.FirstOrDefault(a => AttributePath.SameName(a.Name, path.Name));
        if (attribute is null)
        {
            return null;
        }

        if (path.SubAttribute is null)
        {
            return new ScimResolvedPath(attribute, null, extensionUrn);
        }

        var sub = attribute.SubAttribute(path.SubAttribute);
        return sub is null ? null : new ScimResolvedPath(attribute, sub, extensionUrn);
    }

    /// <summary>Whether string comparisons on <paramref name="path"/> respect case; unknown paths do not.</summary>
    public bool IsCaseExact(AttributePath path) => Resolve(path)?.Target.CaseExact ?? false;
}
