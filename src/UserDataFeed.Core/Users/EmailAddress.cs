using System.Buffers;
using System.Text;

namespace UserDataFeed.Core.Users;

/// <summary>Email rules shared by the feed and the platform API: compared case-insensitively.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>Printable ASCII that <see cref="IsValid"/> allows anywhere: most addresses are made only of these.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        "!#$%&'*+-./0123456789:=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>The matching key of an email: lower-cased invariantly.</summary>
    public static string Normalize(string email)
    {
        var trimmed = email.Trim();
        if (!Ascii.IsValid(trimmed))
        {
            return trimmed.ToLowerInvariant();
        }

        // For ASCII text the invariant lower case maps A-Z only; most keys are already lower case.
        return trimmed.AsSpan().ContainsAnyInRange('A', 'Z')
            ? string.Create(trimmed.Length, trimmed, static (lower, text) => Ascii.ToLower(text, lower, out _))
            : trimmed;
    }

    /// <summary>A deliberately plain check: one @, a local part, a dotted domain, no spaces or control characters.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.Length > MaxLength)
        {
            return false;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return false;
        }

        var other = email.AsSpan().IndexOfAnyExcept(PlainAscii);
        if (other >= 0 && !OnlyAllowedCharacters(email.AsSpan(other)))
        {
            return false;
        }

        var domain = email.AsSpan(at + 1);
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }

    private static bool OnlyAllowedCharacters(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')' or '[' or ']' or '\\')
            {
                return false;
            }
        }

        return true;
    }
}
