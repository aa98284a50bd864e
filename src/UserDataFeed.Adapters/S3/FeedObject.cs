namespace UserDataFeed.Adapters.S3;

/// <summary>A file IT dropped into a tenant's bucket.</summary>
public sealed record FeedObject(string Key, string ETag, long Size, DateTimeOffset LastModified)
{
    /// <summary>
    /// The order uploads are applied in: oldest first, then by key. S3 keeps upload times in whole seconds, so files
    /// uploaded within one second go in the order of their keys.
    /// </summary>
    public static IReadOnlyList<FeedObject> InUploadOrder(IEnumerable<FeedObject> files) =>
        [.. files.OrderBy(f => f.LastModified).ThenBy(f => f.Key, StringComparer.Ordinal)];
}
