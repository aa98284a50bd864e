namespace UserDataFeed.Adapters.S3;

/// <summary>A file IT dropped into a tenant's bucket.</summary>
public sealed record FeedObject(string Key, string ETag, long Size, DateTimeOffset LastModified);
