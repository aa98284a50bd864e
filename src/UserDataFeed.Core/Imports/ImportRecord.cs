using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Imports;

public static class ImportStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string CompletedWithErrors = "completedWithErrors";
    public const string Failed = "failed";
    public const string Held = "held";
    public const string Rejected = "rejected";
}

/// <summary>The record every run leaves (SPEC §5).</summary>
public sealed record ImportRecord(
    string ImportId,
    string TenantId,
    string FileKey,
    string ETag,
    string Status,
    string? Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    ImportCounts Counts)
{
    public static readonly ImportCounts NoCounts = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Import ids sort newest first: inverted start time, then a random suffix.</summary>
    public static string NewId(DateTimeOffset startedAt) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
}
