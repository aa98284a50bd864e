using System.Globalization;
using System.Text;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Cuts a filter into tokens in one pass, without regular expressions: brackets, JSON strings (escapes decoded) and
/// words (a run of anything else but spaces: names, paths, operators, numbers, true/false/null, <c>.value</c>).
/// The parser decides what a word may be where it stands.
/// </summary>
internal static class ScimFilterLexer
{
    public static List<ScimToken> Tokens(string text)
    {
        var tokens = new List<ScimToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSpace(c))
            {
                i++;
                continue;
            }

            var kind = c switch
            {
                '(' => ScimTokenKind.Open,
                ')' => ScimTokenKind.Close,
                '[' => ScimTokenKind.OpenBracket,
                ']' => ScimTokenKind.CloseBracket,
                _ => (ScimTokenKind?)null,
            };
            if (kind is { } single)
            {
                tokens.Add(new ScimToken(single, c.ToString(), i));
                i++;
            }
            else if (c == '"')
            {
                var start = i;
                tokens.Add(new ScimToken(ScimTokenKind.String, ReadString(text, ref i), start));
            }
            else
            {
                var start = i;
                while (i < text.Length && !IsSpace(text[i]) && text[i] is not ('(' or ')' or '[' or ']' or '"'))
                {
                    i++;
                }

                tokens.Add(new ScimToken(ScimTokenKind.Word, text[start..i], start));
            }
        }

        tokens.Add(new ScimToken(ScimTokenKind.End, "", text.Length));
        return tokens;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    /// <summary>A JSON string from the quote at <paramref name="i"/>, leaving <paramref name="i"/> after its closing quote.</summary>
    private static string ReadString(string text, ref int i)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw Error(start, "the string is not closed");
            }

            var c = text[i];
            if (c == '"')
            {
                i++;
                return value.ToString();
            }

            if (c < ' ')
            {
                throw Error(i, "a control character must be escaped in a string");
            }

            if (c != '\\')
            {
                value.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                throw Error(start, "the string is not closed");
            }

            var escaped = text[i + 1];
            i += 2;
            switch (escaped)
            {
                case '"' or '\\' or '/':
                    value.Append(escaped);
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'u' when i + 4 <= text.Length
                    && ushort.TryParse(text.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw Error(i - 2, "an unknown escape in a string (JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }
        }
    }

    public static ScimFilterException Error(int position, string reason) =>
        new($"invalid filter at character {position + 1}: {reason}");
}

internal enum ScimTokenKind
{
    Word,
    String,
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    End,
}

internal readonly record struct ScimToken(ScimTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == ScimTokenKind.Word && AttributePath.SameName(Text, word);

    public string Describe() => Kind switch
    {
        ScimTokenKind.End => "the end",
        ScimTokenKind.String => "a string",
        _ => "'" + (Text.Length > 40 ? Text[..40] + "…" : Text) + "'",
    };
}
