namespace UserDataFeed.Adapters.S3;

/// <summary>What IT sees in a bucket (SPEC §4): uploads anywhere but the reserved prefixes.</summary>
public static class BucketLayout
{
    public const string Processed = "processed/";
    public const string Failed = "failed/";
    public const string Results = "results/";

    public static readonly IReadOnlyList<string> Reserved = [Processed, Failed, Results];

    public static bool IsUpload(string key) =>
        !key.EndsWith('/') && !Reserved.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal));

    public static string ProcessedKey(string importId, string key) => $"{Processed}{importId}/{key}";

    public static string FailedKey(string importId, string key) => $"{Failed}{importId}/{key}";

    public static string ResultKey(string importId) => $"{Results}{importId}.json";

    public static string ErrorsKey(string importId) => $"{Results}{importId}.errors.csv";

    /// <summary>The users a held import would deactivate, and why.</summary>
    public static string DeactivationsKey(string importId) => $"{Results}{importId}.deactivations.csv";
}
