namespace UserDataFeed.Core.Mapping;

/// <summary>Custom profile field keys: 1–40 characters of letters, digits, '-' and '_', starting with a letter.</summary>
public static class FieldKey
{
    public const int MaxLength = 40;

    public static bool IsValid(string? key) =>
        !string.IsNullOrEmpty(key)
        && key.Length <= MaxLength
        && char.IsAsciiLetter(key[0])
        && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
