using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Quarantine (issue 16): after <see cref="Tenant.PauseAfterFailedFiles"/> consecutive failed files the tenant's feed
/// pauses itself with the reason. While it is paused the worker claims new uploads as queued imports, so they keep
/// their order, but runs none; <see cref="ResumeAsync"/> (an admin) clears the pause and queues the work. A completed
/// file ends the run of failures; held and rejected files neither count nor end it, and nor does any file while the
/// tenant's users come from SCIM (each is refused for that, <see cref="ImportRunner.ScimSourceReason"/>).
/// </summary>
public sealed class FeedQuarantine(
    FeedStateStore states,
    ImportStore imports,
    WorkQueue queue,
    TenantLeases leases,
    Webhooks.WebhookOutbox outbox,
    TimeProvider time,
    FeedTelemetry telemetry,
    ILogger<FeedQuarantine> logger)
{
    public Task<FeedState> GetAsync(string tenantId, CancellationToken cancellationToken) => states.GetAsync(tenantId, cancellationToken);

    /// <summary>
    /// Counts a final import (under the tenant's lease); returns the feed's state after it. An import counted already
    /// (a retried step) changes nothing.
    /// </summary>
    public async Task<FeedState> RecordAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken)
    {
        var state = await states.GetAsync(tenant.TenantId, cancellationToken);
        if (tenant.UsersSource == UsersSource.Scim)
        {
            return state; // every file is refused while SCIM is the source: a pause would only hold the files after a switch back
        }

        var next = Next(state, record, tenant.PauseAfterFailedFiles, time.GetUtcNow());
        if (next == state)
        {
            return state;
        }

        await states.SaveAsync(tenant.TenantId, next, cancellationToken);
        if (next.Paused && !state.Paused)
        {
            Log.FeedPaused(logger, tenant.TenantId, next.ConsecutiveFailures, record.ImportId, record.FileKey);
            telemetry.RecordPaused(tenant.TenantId);
            await outbox.FeedPausedAsync(tenant, next, record, cancellationToken);
        }

        return next;
    }

    /// <summary>The rule: the state after <paramref name="record"/> ended, with a pause after <paramref name="pauseAfter"/> failures in a row (0: never).</summary>
    public static FeedState Next(FeedState state, ImportRecord record, int pauseAfter, DateTimeOffset now)
    {
        if (!record.IsFinal || state.LastCountedImportId == record.ImportId)
        {
            return state;
        }

        switch (record.Status)
        {
            case ImportStatus.Failed:
                var failures = state.ConsecutiveFailures + 1;
                var pause = !state.Paused && pauseAfter > 0 && failures >= pauseAfter;
                return state with
                {
                    ConsecutiveFailures = failures,
                    LastCountedImportId = record.ImportId,
                    PausedAt = pause ? now : state.PausedAt,
                    PauseReason = pause
                        ? $"{failures} files in a row failed (pauseAfterFailedFiles is {pauseAfter}); the last, {record.FileKey} (import {record.ImportId}): {record.Reason} " +
                          "Later files wait, in order, until an admin resumes the feed."
                        : state.PauseReason,
                };
            case ImportStatus.Completed or ImportStatus.CompletedWithErrors:
                return state with { ConsecutiveFailures = 0, LastCountedImportId = record.ImportId };
            default:
                return state;
        }
    }

    /// <summary>
    /// Clears the pause and the run of failures, and queues the waiting imports. Null while the tenant is busy; the
    /// state as it was (still running) when it was not paused.
    /// </summary>
    public async Task<(FeedState State, bool Resumed, IReadOnlyList<string> Waiting)?> ResumeAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var resumed = await leases.UnderLeaseAsync<(FeedState, bool)?>(tenant.TenantId, async ct =>
        {
            var state = await states.GetAsync(tenant.TenantId, ct);
            if (!state.Paused)
            {
                return (state, false);
            }

            var running = state with { ConsecutiveFailures = 0, PausedAt = null, PauseReason = null };
            await states.SaveAsync(tenant.TenantId, running, ct);
            return (running, true);
        }, cancellationToken);
        if (resumed is not var (now, done))
        {
            return null;
        }

        if (!done)
        {
            return (now, false, []);
        }

        Log.FeedResumed(logger, tenant.TenantId);
        await queue.SendAsync(new WorkMessage(tenant.TenantId, WorkMessage.Continue), TimeSpan.Zero, cancellationToken);
        var waiting = (await imports.ListUnfinishedAsync(tenant.TenantId, cancellationToken)).Select(r => r.ImportId).ToList();
        return (now, true, waiting);
    }
}
