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

    public long FileSize { get; init; }

    /// <summary>Runs so far; a run that stopped on a fault is resumed by a later poll.</summary>
    public int Attempts { get; init; }

    /// <summary>Failed on a fault (not on the file): a later poll resumes it.</summary>
    public bool RetryPending { get; init; }

    /// <summary>Set once the file has been planned: <see cref="Counts"/> are then those of the first plan and stay.</summary>
    public bool Planned { get; init; }

    /// <summary>User changes of the current attempt, and how many of them are written.</summary>
    public int PlannedChanges { get; init; }

    public int AppliedChanges { get; init; }

    public bool IsFinal => Status is not (ImportStatus.Running or ImportStatus.Held) && !RetryPending;

    /// <summary>Import ids sort newest first: inverted start time, then a random suffix.</summary>
    public static string NewId(DateTimeOffset startedAt) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
}
