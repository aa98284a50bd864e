namespace UserDataFeed.Core.Scim;

/// <summary>
/// The value of an <c>attributes</c> or <c>excludedAttributes</c> parameter (RFC 7644 §3.4.2.5): comma-separated
/// attribute paths (<c>userName,name.givenName</c>) or extension URNs (all of that extension). Paths the schema does
/// not know select nothing; paths that are not paths are <c>invalidPath</c>.
/// </summary>
public sealed class ScimAttributeSelection
{
    private readonly HashSet<(string? Urn, string Name, string? Sub)> paths = new(PathComparer.Instance);
    private readonly HashSet<string> extensions = new(StringComparer.OrdinalIgnoreCase);

    private ScimAttributeSelection()
    {
    }

    /// <summary>The selection a parameter names, or null when it is absent or empty.</summary>
    public static ScimAttributeSelection? Parse(string? parameter, ScimSchema schema)
    {
        if (string.IsNullOrWhiteSpace(parameter))
        {
            return null;
        }

        if (parameter.Length > ScimFilterLimits.MaxLength)
        {
            throw new ScimException(ScimTypes.InvalidPath, $"the attribute list is {parameter.Length} characters long; at most {ScimFilterLimits.MaxLength} are allowed");
        }

        var selection = new ScimAttributeSelection();
        foreach (var item in parameter.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (schema.Extension(item) is { } extension)
            {
                selection.extensions.Add(extension.Urn);
                continue;
            }

            AttributePath path;
            try
            {
                path = ScimPaths.Parse(item, 0);
            }
            catch (ScimFilterException)
            {
                throw new ScimException(ScimTypes.InvalidPath, $"'{item}' in the attribute list is not an attribute path");
            }

            if (schema.Resolve(path) is { } resolved)
            {
                selection.paths.Add((resolved.ExtensionUrn, resolved.Attribute.Name, resolved.Sub?.Name));
            }
        }

        return selection;
    }

    /// <summary>Whether the attribute itself is listed (or its whole extension).</summary>
    public bool ListsWhole(string? extensionUrn, ScimAttribute attribute) =>
        paths.Contains((extensionUrn, attribute.Name, null)) || (extensionUrn is not null && extensions.Contains(extensionUrn));

    /// <summary>Whether this sub-attribute of the attribute is listed.</summary>
    public bool ListsSub(string? extensionUrn, ScimAttribute attribute, ScimAttribute sub) => paths.Contains((extensionUrn, attribute.Name, sub.Name));

    /// <summary>Whether some sub-attribute of the attribute is listed.</summary>
    public bool ListsAnySub(string? extensionUrn, ScimAttribute attribute) =>
        paths.Any(path => path.Sub is not null && AttributePath.SameName(path.Urn, extensionUrn) && AttributePath.SameName(path.Name, attribute.Name));

    private sealed class PathComparer : IEqualityComparer<(string? Urn, string Name, string? Sub)>
    {
        public static readonly PathComparer Instance = new();

        public bool Equals((string? Urn, string Name, string? Sub) x, (string? Urn, string Name, string? Sub) y) =>
            AttributePath.SameName(x.Urn, y.Urn) && AttributePath.SameName(x.Name, y.Name) && AttributePath.SameName(x.Sub, y.Sub);

        public int GetHashCode((string? Urn, string Name, string? Sub) path) => HashCode.Combine(
            path.Urn is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(path.Urn),
            StringComparer.OrdinalIgnoreCase.GetHashCode(path.Name),
            path.Sub is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(path.Sub));
    }
}
