namespace UserDataFeed.Core.Users;

/// <summary>Email rules shared by the feed and the platform API: compared case-insensitively.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>The matching key of an email: lower-cased invariantly.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

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

        foreach (var c in email)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"' or '(' or ')' or '[' or ']' or '\\')
            {
                return false;
            }
        }

        var domain = email.AsSpan(at + 1);
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }
}
