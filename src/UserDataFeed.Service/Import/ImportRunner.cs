using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Runs, or goes on with, one claimed file, as a few steps that each take its record and return the next
/// (<see cref="ImportLife"/>'s transitions; the record is saved as it moves on):
/// <list type="number">
/// <item><b>start</b>: planning, on this worker;</item>
/// <item><b>plan</b>: the plan to write and how much of it is written already (<see cref="Continuation"/>: one path for
/// a new run and a paused one), over a local copy of the file that stays open until the changes are written; the file
/// may be refused (nothing written; every file while the tenant's users come from SCIM), or the plan held by the safety hold;</item>
/// <item><b>write a piece</b>: the changes not yet written, in order, until all are or the work budget is used (then the
/// run pauses, and a continuation goes on with it);</item>
/// <item><b>finish</b>: completed, reported, the upload filed under processed/, the record final.</item>
/// </list>
/// An exception stops the run (<see cref="ImportLife.Stopped"/>): a store fault is tried again, anything else fails it.
/// A file is planned completely before anything is written, so a bad file is never half-applied. Every write is the
/// user's full new state or a merge of the values the file decides, so writing again ends in the same state. The counts
/// of the first plan are recorded before the first write and kept.
/// </summary>
public sealed class ImportRunner(
    UserStore users,
    DigestStore digests,
    GroupStore groups,
    ImportPlanning planning,
    Continuation continuation,
    ImportStore imports,
    FeedBuckets buckets,
    HeldDeactivations held,
    Webhooks.WebhookOutbox outbox,
    IOptions<FeedOptions> options,
    TimeProvider time,
    FeedTelemetry telemetry,
    ILogger<ImportRunner> logger)
{
    /// <summary>Why a file is refused while the tenant's users come from SCIM (one source at a time): before planning, so it changes no user.</summary>
    public const string ScimSourceReason = "This tenant's users come from SCIM (an identity provider), not from files: the file was not applied and no user changed. "
        + "To apply files again, set the feed settings' source to \"file\" (PUT …/feed/settings), then upload the file again.";

    private const string FileVanished = "The file changed or was removed before it could be read; a new version is imported on the next poll.";

    private readonly FeedOptions feed = options.Value;

    /// <summary>The name a run records as its <see cref="ImportRecord.Worker"/>.</summary>
    public static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <param name="approved">An admin released this held import: apply it without the safety hold.</param>
    /// <param name="stopAt">
    /// The work budget's end: past it no new batch of writes starts, and the run returns still
    /// <see cref="ImportStatus.Running"/>, marked <see cref="ImportRecord.Paused"/>, for a continuation to resume.
    /// </param>
    public async Task<ImportRecord> RunAsync(
        Tenant tenant, SavedMapping mapping, ImportRecord record, bool approved, DateTimeOffset? stopAt, CancellationToken cancellationToken)
    {
        if (record.Outcome is not null)
        {
            return await FileAwayDecidedAsync(tenant, record, cancellationToken); // a run stopped while filing it away
        }

        using var activity = FeedTelemetry.Source.StartActivity("import");
        activity?.SetTag("tenant", tenant.TenantId);
        activity?.SetTag("import", record.ImportId);
        activity?.SetTag(FeedTelemetry.FileTag, record.FileKey);
        var started = time.GetTimestamp();
        var paused = record.Paused;
        record = await StartAsync(tenant, record, cancellationToken);
        PlanToWrite? work = null;
        try
        {
            // writing; or ended without a write (no work): the file refused, the plan held
            (record, work) = await PlanAsync(tenant, mapping, record, paused, approved, cancellationToken);
            if (work is { Outcome: PlanOutcome.Planned { Plan: var plan } })
            {
                // every change written, or paused at the work budget
                (record, var refused) = await WritePieceAsync(tenant, record, plan, work, stopAt, cancellationToken);
                if (!record.Paused)
                {
                    record = await FinishAsync(tenant, record, plan, refused, cancellationToken); // completed, reported, filed away
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            record = await StopAsync(tenant, record, ex); // failed: retry pending after a store fault, else for good
        }
        finally
        {
            if (work is not null && !record.Paused)
            {
                await work.File.DisposeAsync(); // a paused run's file went with its plan, for the continuation
            }
        }

        Tell(tenant, record, time.GetElapsedTime(started));
        return record;
    }

    /// <summary>Start: the run (or its continuation) is planning, on this worker.</summary>
    private async Task<ImportRecord> StartAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken)
    {
        record = ImportLife.Started(record, WorkerName);
        await imports.SaveAsync(record, cancellationToken);
        Log.ImportStarted(logger, tenant.TenantId, record.ImportId, record.FileKey, record.Attempts);
        return record;
    }

    /// <summary>
    /// Plan: the record writing the plan, and the plan with its file; or the record ended without a write and no plan:
    /// the file refused (too large, gone, or its plan rejected), or the plan held.
    /// </summary>
    /// <param name="paused">The run paused at its work budget before it started again.</param>
    private async Task<(ImportRecord Record, PlanToWrite? Work)> PlanAsync(
        Tenant tenant, SavedMapping mapping, ImportRecord record, bool paused, bool approved, CancellationToken cancellationToken)
    {
        if (tenant.UsersSource == UsersSource.Scim && !record.Planned) // a run that began writing finishes, so no file is half-applied
        {
            return (await RejectFileAsync(tenant, record, ScimSourceReason, vanished: false, cancellationToken), null);
        }

        if (record.FileSize > feed.MaxFileBytes)
        {
            return (await RejectFileAsync(tenant, record, feed.TooLargeReason(record.FileSize), vanished: false, cancellationToken), null);
        }

        if (await continuation.PlanAsync(tenant, mapping, record, paused, approved, cancellationToken) is not { } work)
        {
            return (await RejectFileAsync(tenant, record, FileVanished, vanished: true, cancellationToken), null);
        }

        var writing = false;
        try
        {
            if (work.Outcome is PlanOutcome.Rejected { Reason: var rejection })
            {
                return (await RejectFileAsync(tenant, record, rejection, vanished: false, cancellationToken), null);
            }

            var plan = ((PlanOutcome.Planned)work.Outcome).Plan;
            if (plan.Held && !record.Planned) // once writes began, the rest is written: the hold judged the first plan
            {
                return (await HoldAsync(tenant, record, plan, cancellationToken), null);
            }

            record = ImportLife.Writing(record, plan.Counts, plan.Changes.Count, work.Written, work.Basis);
            await imports.SaveAsync(record, cancellationToken);
            writing = true;
            return (record, work);
        }
        finally
        {
            if (!writing)
            {
                await work.File.DisposeAsync();
            }
        }
    }

    /// <summary>The plan passes the safety hold's threshold: held, with whom it would deactivate, until an admin decides.</summary>
    private async Task<ImportRecord> HoldAsync(Tenant tenant, ImportRecord record, ImportPlan plan, CancellationToken cancellationToken)
    {
        Log.ImportHeld(logger, tenant.TenantId, record.ImportId, record.FileKey, plan.HoldReason!);
        record = ImportLife.Held(record, plan.Counts, plan.HoldReason!, time.GetUtcNow());
        await held.RecordAsync(tenant, record, plan, cancellationToken); // before the record says held, so a held import always has its list
        await RecordOutcomeAsync(tenant, record, plan.Issues, moveTo: null, cancellationToken);
        return record;
    }

    /// <summary>
    /// Write a piece: the plan's changes after those written already, in order, until every one is (the record with all
    /// written, and the users the store refused; the digest saved when nobody was) or the work budget is used (paused,
    /// the plan and its file kept for the continuation).
    /// </summary>
    private async Task<(ImportRecord Record, IReadOnlyList<(RowIssue Issue, ChangeKind Kind)> Refused)> WritePieceAsync(
        Tenant tenant, ImportRecord record, ImportPlan plan, PlanToWrite work, DateTimeOffset? stopAt, CancellationToken cancellationToken)
    {
        var left = plan.Changes.Count - work.Written;
        if (left <= 0 && !plan.SummariesChanged)
        {
            return (record, []);
        }

        var version = await digests.BumpVersionAsync(tenant.TenantId, cancellationToken);
        await groups.EnsureAsync(tenant.TenantId, plan.Groups, time.GetUtcNow(), cancellationToken); // before their first member
        var (written, refusedHere) = await ApplyAsync(tenant, record, plan.Changes.After(work.Written), left, stopAt, cancellationToken);
        if (written < left)
        {
            // Stopped at the work budget. The changes written are a prefix of the plan's (transactions start in order and
            // those started all finish), so the continuation can make the plan again and skip them.
            record = ImportLife.Paused(record, written, version);
            await imports.SaveAsync(record, cancellationToken);
            continuation.Keep(record, plan, work.File);
            return (record, []);
        }

        // Users the store refused are not as the plan's summaries say: the digest stays stale, and the next file reads the records.
        var refused = refusedHere || record.Attempts > 1 || record.Continuations > 0
            ? await imports.ListRefusedAsync(tenant.TenantId, record.ImportId, cancellationToken)
            : [];
        if (refused.Count == 0)
        {
            await digests.SaveAsync(tenant.TenantId, plan.Summaries, version, cancellationToken);
        }

        return (ImportLife.Progressed(record, written), refused);
    }

    /// <summary>
    /// Finish: every change is written: completed (the users the store refused are row errors, taken out of the counts),
    /// reported, the upload filed under processed/, the record final.
    /// </summary>
    private async Task<ImportRecord> FinishAsync(
        Tenant tenant, ImportRecord record, ImportPlan plan, IReadOnlyList<(RowIssue Issue, ChangeKind Kind)> refused, CancellationToken cancellationToken)
    {
        record = ImportLife.Completed(record, RefusedUsers.TakenFromCounts(record.Counts, refused), time.GetUtcNow());
        await RecordOutcomeAsync(tenant, record, [.. plan.Issues, .. refused.Select(r => r.Issue)], BucketLayout.ProcessedKey(record.ImportId, record.FileKey), cancellationToken);
        return record;
    }

    /// <summary>
    /// The run stopped on an exception, its record as the last step left it: only a store fault is tried again. A bug
    /// fails the import at once; its message could hold a cell value, so neither the reason nor the log carries it.
    /// </summary>
    private async Task<ImportRecord> StopAsync(Tenant tenant, ImportRecord record, Exception ex)
    {
        var storeFault = StoreFaults.IsTransient(ex);
        if (storeFault)
        {
            Log.ImportFaulted(logger, ex, tenant.TenantId, record.ImportId, record.FileKey);
        }
        else
        {
            Log.ImportBroke(logger, tenant.TenantId, record.ImportId, record.FileKey, ex.GetType().FullName!, ex.StackTrace ?? "");
        }

        record = ImportLife.Stopped(record, storeFault, ex.GetType().Name, feed.MaxAttempts, time.GetUtcNow());
        await EndFailedAsync(tenant, record);
        return record;
    }

    /// <summary>Tells that the run paused, or how it ended (the log, and the metrics of an ended run).</summary>
    private void Tell(Tenant tenant, ImportRecord record, TimeSpan elapsed)
    {
        if (record.Paused)
        {
            Log.ImportPaused(logger, tenant.TenantId, record.ImportId, record.FileKey, record.AppliedChanges, record.PlannedChanges);
            return;
        }

        telemetry.Record(tenant.TenantId, record.Status, record.Counts, elapsed);
        var c = record.Counts;
        Log.ImportEnded(logger, tenant.TenantId, record.ImportId, record.FileKey, record.Status,
            c.Rows, c.Created, c.Updated, c.Unchanged, c.Deactivated, c.Reactivated, c.Errors, c.Warnings, (long)elapsed.TotalMilliseconds);
    }

    /// <summary>Fails an import that cannot go on (its work kept failing), with the reason; its file moves to failed/.</summary>
    public async Task<ImportRecord> GiveUpAsync(Tenant tenant, ImportRecord record, string reason, CancellationToken cancellationToken)
    {
        record = await RejectFileAsync(tenant, record, reason, vanished: false, cancellationToken);
        telemetry.Record(tenant.TenantId, record.Status, record.Counts, TimeSpan.Zero);
        return record;
    }

    /// <summary>
    /// Records an import that a fault or a bug stopped. One that is given up leaves what every file leaves, a result
    /// and its upload under failed/; if the stores refuse that too, the record says failed and the next check files
    /// the upload away.
    /// </summary>
    private async Task EndFailedAsync(Tenant tenant, ImportRecord record)
    {
        if (record.RetryPending)
        {
            await imports.SaveAsync(record, CancellationToken.None);
            return;
        }

        try
        {
            await RecordOutcomeAsync(tenant, record, [], BucketLayout.FailedKey(record.ImportId, record.FileKey), CancellationToken.None);
        }
        catch (Exception ex) when (StoreFaults.IsTransient(ex))
        {
            await outbox.ImportEndedAsync(tenant, record, CancellationToken.None);
            await imports.SaveAsync(record, CancellationToken.None);
        }
    }

    /// <summary>Discards a held import: nothing is applied and the file moves to failed/.</summary>
    public async Task<ImportRecord> RejectAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken)
    {
        record = ImportLife.Rejected(record, time.GetUtcNow());
        await RecordOutcomeAsync(tenant, record, [], BucketLayout.FailedKey(record.ImportId, record.FileKey), cancellationToken);
        telemetry.Record(tenant.TenantId, record.Status, record.Counts, TimeSpan.Zero);
        var c = record.Counts; // the held counts: what would have been applied
        Log.ImportEnded(logger, tenant.TenantId, record.ImportId, record.FileKey, record.Status,
            c.Rows, c.Created, c.Updated, c.Unchanged, c.Deactivated, c.Reactivated, c.Errors, c.Warnings, 0);
        return record;
    }

    /// <summary>Files a finished import's object where it belongs (a run may have stopped between its record and the move).</summary>
    public Task FileAwayAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken) =>
        buckets.MoveAsync(tenant.Bucket, record.FileKey, DestinationOf(record), cancellationToken);

    private static string DestinationOf(ImportRecord record) =>
        record.Status is ImportStatus.Completed or ImportStatus.CompletedWithErrors
            ? BucketLayout.ProcessedKey(record.ImportId, record.FileKey)
            : BucketLayout.FailedKey(record.ImportId, record.FileKey);

    /// <summary>Fails an import whose file cannot be imported at all; the file moves to failed/ unless it <paramref name="vanished"/>.</summary>
    private async Task<ImportRecord> RejectFileAsync(Tenant tenant, ImportRecord record, string reason, bool vanished, CancellationToken cancellationToken)
    {
        Log.ImportRejected(logger, tenant.TenantId, record.ImportId, record.FileKey, reason);
        record = ImportLife.FileRefused(record, reason, time.GetUtcNow());
        await RecordOutcomeAsync(tenant, record, [], vanished ? null : BucketLayout.FailedKey(record.ImportId, record.FileKey), cancellationToken);
        return record;
    }

    /// <summary>
    /// Writes the changes, recording progress on the import about once a second; returns the changes done, and whether
    /// the store refused any (kept with the import as row errors: <see cref="ImportStore.AddRefusedAsync"/>). A progress
    /// save goes beside the writes rather than in a transaction's slot (the store answers it behind the transactions in
    /// flight), and has landed before this returns, so no later save of the record is overwritten by it.
    /// </summary>
    private async Task<(int Done, bool Refused)> ApplyAsync(
        Tenant tenant, ImportRecord record, IEnumerable<UserChange> changes, int count, DateTimeOffset? stopAt, CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartWrite(count, feed.BatchSize);
        var lastSaved = time.GetTimestamp();
        var saving = Task.CompletedTask;
        var sync = new Lock();
        Func<bool>? stop = stopAt is { } end ? () => time.GetUtcNow() >= end : null;
        var history = tenant.KeepsHistory ? HistorySource.OfImport(record.ImportId, record.FileKey) : null;
        var refused = 0;
        var finished = false;
        int done;
        try
        {
            done = await users.ApplyAsync(tenant.TenantId, changes, feed.BatchSize, feed.MaxParallelBatches, stop, (written, _) =>
            {
                lock (sync)
                {
                    if (saving.IsFaulted)
                    {
                        return new ValueTask(saving); // a store fault stops the writes, as one of their own does
                    }

                    if (saving.IsCompleted && time.GetElapsedTime(lastSaved) >= TimeSpan.FromSeconds(1))
                    {
                        lastSaved = time.GetTimestamp();
                        saving = imports.SaveAsync(ImportLife.Progressed(record, written), cancellationToken);
                    }
                }

                return ValueTask.CompletedTask;
            }, history, cancellationToken, async (changes, code, ct) =>
            {
                Interlocked.Add(ref refused, changes.Count);
                await imports.AddRefusedAsync(tenant.TenantId, record.ImportId, [.. changes.Select(c => (RefusedUsers.Issue(c, code), c.Kind))], ct);
            });
            finished = true;
        }
        finally
        {
            try
            {
                await saving;
            }
            catch (Exception) when (!finished)
            {
                // The writes' own failure is the one to tell.
            }
        }

        return (done, refused > 0);
    }

    /// <summary>
    /// Plans a file against the tenant's users as they are now: the plan, or the reason the file cannot be
    /// imported at all. Writes nothing, so a dry run uses it as it is. <paramref name="file"/> must be
    /// seekable and stay open while the plan's changes are enumerated.
    /// </summary>
    public async Task<(ImportPlan? Plan, string? Rejection)> PlanFileAsync(
        Tenant tenant, SavedMapping mapping, Stream file, bool approved, CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartStep("plan");
        return (await planning.PlanAsync(tenant, mapping, file, approved, importId: null, cancellationToken)).Outcome switch
        {
            PlanOutcome.Planned planned => (planned.Plan, null),
            PlanOutcome.Rejected rejected => (null, rejected.Reason),
            var other => throw new InvalidOperationException($"Planning ended as {other.GetType().Name}."),
        };
    }

    /// <summary>
    /// Records the outcome: the issues and the report first, then the move, then the final record. While the object
    /// moves, the record says the outcome decided (<see cref="ImportRecord.Outcome"/>) and is not final yet: whoever
    /// sees it final finds its report and the upload gone, and a run that stops in between only finishes the move.
    /// </summary>
    private async Task RecordOutcomeAsync(Tenant tenant, ImportRecord record, IReadOnlyList<RowIssue> issues, string? moveTo, CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartStep("report");
        if (issues.Count > 0)
        {
            await imports.AddIssuesAsync(tenant.TenantId, record.ImportId, issues, feed.MaxParallelBatches, cancellationToken);
        }

        await buckets.PutTextAsync(tenant.Bucket, BucketLayout.ResultKey(record.ImportId), ImportReports.Summary(record), "application/json", cancellationToken);
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
        {
            await using var csv = TemporaryFile.Create();
            ImportReports.WriteIssuesCsv(issues, csv);
            csv.Position = 0;
            await buckets.PutStreamAsync(tenant.Bucket, BucketLayout.ErrorsKey(record.ImportId), csv, "text/csv; charset=utf-8", cancellationToken);
        }

        if (moveTo is not null)
        {
            await imports.SaveAsync(ImportLife.Reporting(record), cancellationToken);
            await buckets.MoveAsync(tenant.Bucket, record.FileKey, moveTo, cancellationToken);
        }

        // The event is in the outbox before the record turns final (keyed by the import, so a repeated step adds nothing).
        await outbox.ImportEndedAsync(tenant, record, cancellationToken);
        await imports.SaveAsync(record, cancellationToken);
    }

    /// <summary>Finishes an import whose outcome was decided and recorded before its run stopped: moves the upload, then records it final.</summary>
    private async Task<ImportRecord> FileAwayDecidedAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken)
    {
        record = ImportLife.FiledAway(record);
        await FileAwayAsync(tenant, record, cancellationToken);
        await outbox.ImportEndedAsync(tenant, record, cancellationToken);
        await imports.SaveAsync(record, cancellationToken);
        return record;
    }
}
