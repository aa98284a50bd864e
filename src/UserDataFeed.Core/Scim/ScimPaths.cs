namespace UserDataFeed.Core.Scim;

/// <summary>
/// Reads attribute paths (RFC 7644 §3.10, ABNF of RFC 7643 §2.1): <c>name</c>, <c>name.sub</c>, and either with a
/// schema URN in front, <c>urn:…:enterprise:2.0:User:manager.value</c> (the URN is everything before the last colon).
/// A name starts with a letter (or <c>$</c>, for <c>$ref</c>) followed by letters, digits, <c>-</c> and <c>_</c>.
/// </summary>
internal static class ScimPaths
{
    private const string UrnPrefix = "urn:";

    /// <summary>The path written at <paramref name="position"/> of a filter, or a <see cref="ScimFilterException"/>.</summary>
    public static AttributePath Parse(string text, int position)
    {
        string? urn = null;
        var rest = text;
        var restAt = position;
        if (text.StartsWith(UrnPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var colon = text.LastIndexOf(':');
            urn = text[..colon];
            rest = text[(colon + 1)..];
            restAt = position + colon + 1;
            if (!IsUrn(urn))
            {
                throw ScimFilterLexer.Error(position, $"'{urn}' is not a schema URN");
            }
        }

        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return new AttributePath(urn, Name(rest, restAt, "an attribute name"));
        }

        var name = Name(rest[..dot], restAt, "an attribute name");
        var sub = Name(rest[(dot + 1)..], restAt + dot + 1, "a sub-attribute name");
        return new AttributePath(urn, name, sub);
    }

    /// <summary><paramref name="text"/> if it is a valid attribute name, else a <see cref="ScimFilterException"/>.</summary>
    public static string Name(string text, int position, string expected)
    {
        if (IsName(text))
        {
            return text;
        }

        var shown = text.Length > 40 ? text[..40] + "…" : text;
        throw ScimFilterLexer.Error(position, text.Length == 0 ? $"expected {expected}" : $"expected {expected}, found '{shown}'");
    }

    public static bool IsName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !(char.IsAsciiLetter(text[0]) || text[0] == '$'))
        {
            return false;
        }

        foreach (var c in text[1..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A URN as schema ids are written: <c>urn:</c> then letters, digits and <c>: . - _</c>, not ending in a colon.</summary>
    public static bool IsUrn(ReadOnlySpan<char> text)
    {
        if (text.Length <= UrnPrefix.Length || text[^1] == ':')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
