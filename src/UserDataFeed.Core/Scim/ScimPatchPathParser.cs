namespace UserDataFeed.Core.Scim;

/// <summary>
/// Reads a PATCH <c>path</c>. What is not a path is <c>invalidPath</c>; a path whose <c>[ ]</c> filter is not a filter
/// is <c>invalidFilter</c> (RFC 7644 §3.12, Table 9). The limits of <see cref="ScimFilterLimits"/> apply.
/// </summary>
public static class ScimPatchPathParser
{
    public static ScimPatchPath Parse(string? text)
    {
        var (tokens, attribute) = AsPathError(() =>
        {
            var all = ScimFilterParser.Tokens(text, "path");
            var first = all[0];
            if (first.Kind != ScimTokenKind.Word)
            {
                throw ScimFilterParser.Parser.Unexpected(first, "an attribute");
            }

            return (all, ScimPaths.Parse(first.Text, first.Position));
        });

        var parser = new ScimFilterParser.Parser(tokens);
        parser.Take();
        if (parser.Peek.Kind == ScimTokenKind.End)
        {
            return new ScimPatchPath(attribute);
        }

        if (parser.Peek.Kind != ScimTokenKind.OpenBracket || attribute.SubAttribute is not null)
        {
            throw PathError(parser.Peek, attribute.SubAttribute is null ? "'[' or the end of the path" : "the end of the path");
        }

        parser.Take();
        var filter = parser.Or(depth: 1, inBrackets: true);
        AsPathError(() => parser.Expect(ScimTokenKind.CloseBracket, "']'"));
        string? sub = null;
        if (parser.Peek.Kind == ScimTokenKind.Word && parser.Peek.Text.StartsWith('.'))
        {
            var token = parser.Take();
            sub = AsPathError(() => ScimPaths.Name(token.Text[1..], token.Position + 1, "a sub-attribute after ']'"));
        }

        if (parser.Peek.Kind != ScimTokenKind.End)
        {
            throw PathError(parser.Peek, "the end of the path");
        }

        return new ScimPatchPath(attribute, filter, sub);
    }

    private static ScimException PathError(ScimToken token, string expected) =>
        new(ScimTypes.InvalidPath, ScimFilterParser.Parser.Unexpected(token, expected).Reason.Replace("invalid filter", "invalid path", StringComparison.Ordinal));

    private static T AsPathError<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ScimFilterException error)
        {
            throw new ScimException(ScimTypes.InvalidPath, error.Reason.Replace("invalid filter", "invalid path", StringComparison.Ordinal));
        }
    }
}
