namespace UserDataFeed.Core.Scim;

/// <summary>Numbers as a filter writes them: JSON's number grammar, checked without a regular expression.</summary>
internal static class ScimNumbers
{
    /// <summary>JSON's number grammar: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    public static bool IsJsonNumber(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            i = Digits(text, i);
        }

        if (i < text.Length && text[i] == '.')
        {
            var after = Digits(text, i + 1);
            if (after == i + 1)
            {
                return false;
            }

            i = after;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            var after = Digits(text, i);
            if (after == i)
            {
                return false;
            }

            i = after;
        }

        return i == text.Length;

        static int Digits(ReadOnlySpan<char> text, int i)
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            return i;
        }
    }
}
