namespace UserDataFeed.Core.Mapping;

/// <summary>
/// Custom profile field keys: 1–40 characters of letters, digits, '-' and '_', starting with a letter.
/// Keys are case-insensitive: a new key is kept in lower case, and a key is matched whatever its case
/// (a field defined before this rule keeps its spelling and is matched in any case too).
/// </summary>
public static class FieldKey
{
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>The key a field is stored under: <paramref name="key"/> in lower case (keys are ASCII).</summary>
    public static string Normalize(string key) => key.ToLowerInvariant();

    /// <summary>The stored key among <paramref name="existing"/> that <paramref name="key"/> names, else its normal form.</summary>
    public static string Resolve(string key, IEnumerable<string> existing) =>
        existing.FirstOrDefault(k => Comparer.Equals(k, key)) ?? Normalize(key);

    public const int MaxLength = 40;

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= MaxLength
        && char.IsAsciiLetter(key[0])
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
