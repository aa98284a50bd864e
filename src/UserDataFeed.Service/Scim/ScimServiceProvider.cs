namespace UserDataFeed.Service.Scim;

/// <summary>What this SCIM service provider serves, as <c>ServiceProviderConfig</c> tells clients (RFC 7643 §5).</summary>
public static class ScimServiceProvider
{
    /// <summary>Bulk (RFC 7644 §3.7) is served at <c>/Bulk</c> (<see cref="ScimBulkEndpoints"/>).</summary>
    public const bool BulkSupported = true;

    /// <summary>The most operations one Bulk request may hold (more: 413, RFC 7644 §3.7.4).</summary>
    public const int BulkMaxOperations = 1000;

    /// <summary>The largest Bulk body, in bytes: any SCIM body's limit (<see cref="ScimRequestBody.MaxBytes"/>; more: 413).</summary>
    public const int BulkMaxPayloadSize = ScimRequestBody.MaxBytes;

    /// <summary>The most resources a list (a filter's results) returns in one page.</summary>
    public const int FilterMaxResults = 200;

    public const bool PatchSupported = true;

    public const bool ETagSupported = true;

    public const bool SortSupported = false;

    public const bool ChangePasswordSupported = false;
}
