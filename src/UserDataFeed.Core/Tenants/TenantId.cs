namespace UserDataFeed.Core.Tenants;

/// <summary>
/// Tenant ids (SPEC §5): 3–40 characters of a-z, 0-9 and '-', starting and ending with a letter or digit,
/// and making a valid S3 bucket name with the configured bucket prefix (bucket = prefix + id).
/// </summary>
public static class TenantId
{
    public const int MinLength = 3;
    public const int MaxLength = 40;

    /// <summary>The id's own rule, without the bucket it makes: enough to tell a token's tenant apart from junk.</summary>
    public static bool IsValid(string? id) => Problem(id) is null;

    /// <summary>The rule <paramref name="id"/> breaks, in words a caller can act on; null when it is a valid tenant id.</summary>
    public static string? Problem(string? id)
    {
        if (id is not { Length: >= MinLength and <= MaxLength })
        {
            return $"A tenant id is {MinLength}–{MaxLength} characters long; '{id}' has {id?.Length ?? 0}.";
        }

        if (!id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            return $"A tenant id is made of a-z, 0-9 and '-' only (lower case); '{id}' has other characters.";
        }

        if (id[0] == '-' || id[^1] == '-')
        {
            return $"A tenant id must start and end with a letter or digit; '{id}' does not.";
        }

        return null;
    }

    /// <summary>
    /// The rule <paramref name="id"/> breaks, including the S3 bucket naming rules for <paramref name="bucketPrefix"/> + id;
    /// null when both the id and its bucket name are valid.
    /// </summary>
    public static string? Problem(string? id, string bucketPrefix)
    {
        if (Problem(id) is { } problem)
        {
            return problem;
        }

        var bucket = bucketPrefix + id;
        return BucketName.Problem(bucket) is { } bucketProblem
            ? $"Tenant id '{id}' would make the bucket name '{bucket}', and {bucketProblem}"
            : null;
    }
}

/// <summary>The S3 bucket naming rules (general purpose buckets), as AWS documents them and S3-compatible stores follow.</summary>
public static class BucketName
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

    /// <summary>What is wrong with <paramref name="name"/> as a bucket name, ending with a full stop; null when it is valid.</summary>
    public static string? Problem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return $"a bucket name is 3–63 characters long (this one has {name.Length}).";
        }

        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.'))
        {
            return "a bucket name is made of lower-case letters, digits, '-' and '.' only.";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "a bucket name must start and end with a letter or digit.";
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            return "a bucket name must not contain two dots in a row.";
        }

        if (System.Net.IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && name.Count(c => c == '.') == 3)
        {
            return "a bucket name must not look like an IP address.";
        }

        if (ReservedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            return $"a bucket name must not start with '{prefix}' (reserved by S3).";
        }

        if (ReservedSuffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
        {
            return $"a bucket name must not end with '{suffix}' (reserved by S3).";
        }

        return null;
    }
}
