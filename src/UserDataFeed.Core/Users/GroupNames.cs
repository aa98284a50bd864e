using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace UserDataFeed.Core.Users;

/// <summary>
/// A tenant's group names and ids (issue 15): names match case-insensitively, and a group's id is made from its
/// case-folded name alone, so every import, host and process gives the same name the same id without asking a store.
/// </summary>
public static class GroupNames
{
    /// <summary>The longest group name a file may give (characters, once trimmed).</summary>
    public const int MaxLength = 100;

    /// <summary>The most groups one row may list (and one user hold from the platform): a user's write, memberships included, stays one transaction.</summary>
    public const int MaxPerUser = 20;

    /// <summary>The most characters of the readable part of an id.</summary>
    private const int MaxSlug = 40;

    /// <summary>The name as compared: trimmed, inner runs of white space as one space, case-folded (invariant upper, then lower).</summary>
    public static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        var space = false;
        foreach (var c in name.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString().ToUpperInvariant().ToLowerInvariant();
    }

    /// <summary>
    /// The group's id: a slug of its key's ASCII letters and digits (others become '-', at most 40) and 12 hex digits of
    /// a hash of the key, e.g. <c>sales-emea-1f0c2a9b3d4e</c>; a name with no ASCII letter or digit is <c>g-</c> and the hash.
    /// URL-safe and a valid table key.
    /// </summary>
    public static string Id(string name)
    {
        var key = Key(name);
        var slug = new StringBuilder(MaxSlug);
        foreach (var c in key)
        {
            if (slug.Length >= MaxSlug)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var readable = slug.ToString().TrimEnd('-');
        var hash = (XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)) & 0xFFFF_FFFF_FFFF).ToString("x12", CultureInfo.InvariantCulture);
        return (readable.Length == 0 ? "g" : readable) + "-" + hash;
    }

    /// <summary>Whether a value is shaped as <see cref="Id"/> makes ids (the API refuses others as unknown).</summary>
    public static bool IsId(string value) =>
        value.Length is > 13 and <= MaxSlug + 13
        && value[^13] == '-'
        && value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-');
}
