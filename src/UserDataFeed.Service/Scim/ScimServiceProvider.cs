namespace UserDataFeed.Service.Scim;

/// <summary>What this SCIM service provider serves, as <c>ServiceProviderConfig</c> tells clients (RFC 7643 §5).</summary>
public static class ScimServiceProvider
{
    /// <summary>Bulk (RFC 7644 §3.7) is not served yet; flipped when <c>/Bulk</c> is.</summary>
    public const bool BulkSupported = false;

    public const int BulkMaxOperations = 1000;

    public const int BulkMaxPayloadSize = 1024 * 1024;

    /// <summary>The most resources a list (a filter's results) returns in one page.</summary>
    public const int FilterMaxResults = 200;

    public const bool PatchSupported = true;

    public const bool ETagSupported = true;

    public const bool SortSupported = false;

    public const bool ChangePasswordSupported = false;
}
