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

/// <summary>Where a running import is: waiting for a worker, planning the file, writing users, writing its report.</summary>
public static class ImportPhase
{
    public const string Queued = "queued";
    public const string Planning = "planning";
    public const string Writing = "writing";
    public const string Reporting = "reporting";
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

    /// <summary>An <see cref="ImportPhase"/> while running; null once it ended or is held.</summary>
    public string? Phase { get; init; }

    /// <summary>
    /// The status decided, while the run files the object away (<see cref="ImportPhase.Reporting"/>): the record turns
    /// final only once the upload has moved, so a same-key upload made after it is never removed by that move.
    /// </summary>
    public string? Outcome { get; init; }

    /// <summary>The process that runs (or last ran) it: machine and process id.</summary>
    public string? Worker { get; init; }

    /// <summary>An admin approved it while it was held; the next worker applies it without the safety hold.</summary>
    public bool Approved { get; init; }

    /// <summary>The last run stopped at its work budget and queued its continuation (not a fault).</summary>
    public bool Paused { get; init; }

    /// <summary>Runs that went on where a paused run stopped.</summary>
    public int Continuations { get; init; }

    /// <summary>
    /// What the plan whose first <see cref="AppliedChanges"/> changes are written was made against, when a
    /// continuation can make it again exactly ("empty": no users; "digest:{stamp}": that digest); null otherwise.
    /// </summary>
    public string? PlanBasis { get; init; }

    /// <summary>The users' write count (<c>DigestStore</c>'s version) right after this import last wrote: a continuation
    /// replays its plan only if nobody wrote the users since.</summary>
    public long DigestVersion { get; init; }

    public bool IsFinal => Status is not (ImportStatus.Running or ImportStatus.Held) && !RetryPending;

    /// <summary>Import ids sort newest first: inverted start time, then a random suffix.</summary>
    public static string NewId(DateTimeOffset startedAt) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - startedAt.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
}
