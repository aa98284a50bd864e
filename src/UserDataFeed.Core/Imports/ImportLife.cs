using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Imports;

/// <summary>
/// The life of one import, as pure transitions of its record (the record is the state; the runner does the I/O between
/// them and saves what they return):
/// <code>
/// Queued ──Started──▶ Planning ──Held──▶ held ──Approved──▶ Queued
///                        │  └──FileRefused──▶ failed
///                        ▼
///                     Writing ──Paused──▶ (paused: Started again by its continuation) ──▶ Writing …
///                        │
///                        ▼
///                     Reporting (outcome decided, the upload moving) ──FiledAway──▶ completed | completedWithErrors | failed | rejected
///
/// any running step ──Stopped──▶ failed, retry pending (a store fault, attempts left: Started again) | failed
/// held ──Rejected──▶ rejected
/// </code>
/// <see cref="ImportRecord.IsFinal"/> says when it has ended.
/// </summary>
public static class ImportLife
{
    /// <summary>A claimed upload: queued for a worker.</summary>
    public static ImportRecord Queued(string importId, string tenantId, string fileKey, string etag, long fileSize, DateTimeOffset at) =>
        new(importId, tenantId, fileKey, etag, ImportStatus.Running, null, at, null, ImportRecord.NoCounts) { FileSize = fileSize, Phase = ImportPhase.Queued };

    /// <summary>An admin released a held import: queued again, to be applied without the hold.</summary>
    public static ImportRecord Approved(ImportRecord held) =>
        held with { Status = ImportStatus.Running, Phase = ImportPhase.Queued, Approved = true, Reason = null, FinishedAt = null };

    /// <summary>
    /// A run starts (or resumes) on <paramref name="worker"/>: planning. A continuation of a paused run goes on with the
    /// same attempt; a run resumed after a crash or a fault is a new one.
    /// </summary>
    public static ImportRecord Started(ImportRecord record, string worker) => record with
    {
        Status = ImportStatus.Running,
        Phase = ImportPhase.Planning,
        Worker = worker,
        Reason = null,
        RetryPending = false,
        FinishedAt = null,
        Attempts = record.Paused ? record.Attempts : record.Attempts + 1,
        Continuations = record.Paused ? record.Continuations + 1 : record.Continuations,
        Paused = false,
    };

    /// <summary>The plan passes the safety hold's threshold: held with its counts, nothing written, until an admin decides.</summary>
    public static ImportRecord Held(ImportRecord record, ImportCounts counts, string reason, DateTimeOffset at) =>
        record with { Status = ImportStatus.Held, Phase = null, Reason = reason, Counts = counts, FinishedAt = at };

    /// <summary>
    /// The plan is made: writing. <paramref name="planChanges"/> is the number of the plan's changes, the first
    /// <paramref name="skip"/> of which a continuation finds written (<see cref="WrittenOf"/>). A plan made against the
    /// users as written so far holds only what is left: fewer changes than the import's, those written before it not among
    /// them. The counts of the first plan are kept for the whole import; the changes written so far are counted on.
    /// <paramref name="basis"/> is what the plan was made against, kept only while it can be made again as the whole.
    /// </summary>
    public static ImportRecord Writing(ImportRecord record, ImportCounts planCounts, int planChanges, int skip, string? basis)
    {
        var total = record.Planned ? Math.Max(record.PlannedChanges, planChanges) : planChanges;
        var writtenBefore = total - planChanges; // by the plans before this one, when it is a plan of the rest
        return record with
        {
            Planned = true,
            Phase = ImportPhase.Writing,
            Counts = record.Planned ? record.Counts : planCounts,
            PlannedChanges = total,
            AppliedChanges = writtenBefore + skip,
            PlanBasis = writtenBefore == 0 ? basis : null, // a plan of the rest cannot be made again as the whole
        };
    }

    /// <summary>
    /// How many of the changes of the plan a run paused with, of <paramref name="planChanges"/> changes, are written: the
    /// changes the record counts written, less those written before that plan (<see cref="Writing"/>).
    /// </summary>
    public static int WrittenOf(ImportRecord paused, int planChanges) =>
        paused.AppliedChanges - (paused.PlannedChanges - planChanges);

    /// <summary>While writing: <paramref name="written"/> more changes are written since <see cref="Writing"/>.</summary>
    public static ImportRecord Progressed(ImportRecord record, int written) => record with { AppliedChanges = record.AppliedChanges + written };

    /// <summary>
    /// The work budget ran out with <paramref name="written"/> more changes written: paused, for a continuation to resume
    /// (<paramref name="digestVersion"/> tells it whether anybody wrote the users since).
    /// </summary>
    public static ImportRecord Paused(ImportRecord record, int written, long digestVersion) =>
        record with { Paused = true, AppliedChanges = record.AppliedChanges + written, DigestVersion = digestVersion };

    /// <summary>Every change is written: completed, with errors when some row (or user the store refused) is in error.</summary>
    public static ImportRecord Completed(ImportRecord record, ImportCounts counts, DateTimeOffset at) => record with
    {
        Status = counts.Errors > 0 ? ImportStatus.CompletedWithErrors : ImportStatus.Completed,
        Phase = null,
        Counts = counts,
        AppliedChanges = record.PlannedChanges,
        FinishedAt = at,
    };

    /// <summary>The file cannot be imported at all (too large, unreadable, gone, or its plan rejected): failed, not retried.</summary>
    public static ImportRecord FileRefused(ImportRecord record, string reason, DateTimeOffset at) =>
        record with { Status = ImportStatus.Failed, Phase = null, RetryPending = false, Reason = reason, FinishedAt = at };

    /// <summary>
    /// A run stopped on an exception: on a store fault it is tried again while attempts are left (failed, retry pending),
    /// otherwise failed for good. The reason never holds the exception's message, which could quote a cell.
    /// </summary>
    public static ImportRecord Stopped(ImportRecord record, bool storeFault, string exceptionName, int maxAttempts, DateTimeOffset at)
    {
        var retry = storeFault && record.Attempts < maxAttempts;
        return record with
        {
            Status = ImportStatus.Failed,
            Phase = null,
            RetryPending = retry,
            FinishedAt = at,
            Reason = !storeFault
                ? $"The import stopped on an unexpected error ({exceptionName}); it was not applied further and is not retried. See the service logs."
                : retry
                ? $"A storage fault stopped attempt {record.Attempts}; it is resumed shortly."
                : $"A storage fault stopped the import {record.Attempts} times; it was given up. See the service logs.",
        };
    }

    /// <summary>An admin rejected a held import: nothing applied.</summary>
    public static ImportRecord Rejected(ImportRecord record, DateTimeOffset at) =>
        record with { Status = ImportStatus.Rejected, Phase = null, Reason = "Rejected by an admin; nothing was applied.", FinishedAt = at };

    /// <summary>
    /// The outcome is decided and the upload is being filed away: still running, so that whoever sees the record final
    /// finds the upload moved; a run that stops here only finishes the move (<see cref="FiledAway"/>).
    /// </summary>
    public static ImportRecord Reporting(ImportRecord decided) =>
        decided with { Status = ImportStatus.Running, Phase = ImportPhase.Reporting, Outcome = decided.Status };

    /// <summary>The upload is filed away: the decided outcome becomes the record's status.</summary>
    public static ImportRecord FiledAway(ImportRecord reporting) =>
        reporting with { Status = reporting.Outcome!, Outcome = null, Phase = null };
}
