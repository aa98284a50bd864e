using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// The sending side of the work queue: the timer queues a check per feed-enabled tenant (at most one waits
/// per tenant); an HTTP poll claims the tenant's new uploads at once, so it can answer their import ids, and
/// queues a check; approving a held import queues it. What runs a message is <see cref="FeedWorker"/>.
/// An uploaded object (key, ETag and upload time) is claimed once, so it is never applied twice; the same
/// bytes uploaded again are a new upload and run again.
/// </summary>
public sealed class FeedPoller(
    TenantStore tenants,
    ImportStore imports,
    PendingChecks pending,
    WorkQueue queue,
    FeedBuckets buckets,
    ImportRunner runner,
    TenantLeases leases,
    FeedHealth health,
    DateChanges dates,
    TimeProvider time,
    ILogger<FeedPoller> logger)
{
    /// <summary>Tenants whose check is queued at once; the timer only writes a mark and a message per tenant.</summary>
    private const int QueueingParallelism = 16;

    /// <summary>Queues a check for every feed-enabled tenant that has none waiting; returns how many were queued.</summary>
    public async Task<int> QueueChecksAsync(CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartPoll();
        var enabled = await tenants.ListFeedEnabledAsync(cancellationToken);
        var queued = 0;
        await Parallel.ForEachAsync(
            enabled,
            new ParallelOptions { MaxDegreeOfParallelism = QueueingParallelism, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                try
                {
                    if (await QueueCheckAsync(tenant.TenantId, ct))
                    {
                        Interlocked.Increment(ref queued);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Log.TenantPollFaulted(logger, ex, tenant.TenantId);
                }
            });
        if (queued == enabled.Count)
        {
            Log.AllChecksQueued(logger, enabled.Count);
        }
        else
        {
            Log.ChecksQueued(logger, enabled.Count, queued);
        }

        return queued;
    }

    /// <summary>
    /// Polls one tenant now: claims its new uploads and queues a check that runs them (or applies the users' dates that fell due). Returns the imports that
    /// will run, in order: unfinished ones first, up to a held one (which stops the queue), then the new files.
    /// </summary>
    public async Task<IReadOnlyList<ImportRecord>> PollTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartTenant(tenant.TenantId);
        var waiting = await ClaimNewFilesAsync(tenant, cancellationToken);
        if (waiting.Count > 0 || await dates.IsDueAsync(tenant, cancellationToken))
        {
            await QueueCheckAsync(tenant.TenantId, cancellationToken);
        }

        await health.CheckAsync(tenant, cancellationToken);
        return waiting;
    }

    /// <summary>
    /// The tenant's imports to run, in order: the unfinished ones (queued, running on a worker that died, waiting
    /// for a retry, approved), then its new uploads (oldest first), each claimed and recorded as queued. A held
    /// import stops the queue: what comes after it waits, and new uploads are not claimed.
    /// </summary>
    public async Task<IReadOnlyList<ImportRecord>> ClaimNewFilesAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var unfinished = await imports.ListUnfinishedAsync(tenant.TenantId, cancellationToken);
        var held = unfinished.FindIndex(r => r.Status == ImportStatus.Held);
        if (held >= 0)
        {
            Log.QueueHeld(logger, tenant.TenantId, unfinished[held].ImportId);
            return unfinished[..held];
        }

        foreach (var file in await buckets.ListUploadsAsync(tenant.Bucket, cancellationToken))
        {
            if (await ClaimAsync(tenant, file, unfinished, cancellationToken) is { } record)
            {
                unfinished.Add(record);
            }
        }

        return unfinished;
    }

    /// <summary>Releases a held import: it is queued to run against the state at approval time. Null while the tenant is busy.</summary>
    public async Task<ImportRecord?> ApproveAsync(Tenant tenant, ImportRecord held, CancellationToken cancellationToken)
    {
        var approved = await leases.UnderLeaseAsync(tenant.TenantId, async ct =>
        {
            var record = ImportLife.Approved(held);
            await imports.SaveAsync(record, ct);
            return record;
        }, cancellationToken);
        if (approved is not null)
        {
            await queue.SendAsync(new WorkMessage(tenant.TenantId, WorkMessage.Approve), TimeSpan.Zero, cancellationToken);
        }

        return approved;
    }

    /// <summary>Discards a held import (quick: nothing is applied). Null while the tenant is busy.</summary>
    public Task<ImportRecord?> RejectAsync(Tenant tenant, ImportRecord held, CancellationToken cancellationToken) =>
        leases.UnderLeaseAsync(tenant.TenantId, ct => runner.RejectAsync(tenant, held, ct), cancellationToken);

    private async Task<bool> QueueCheckAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!await pending.TryMarkAsync(tenantId, time.GetUtcNow(), cancellationToken))
        {
            return false; // one is waiting already; it sees whatever is new when it runs
        }

        await queue.SendAsync(new WorkMessage(tenantId, WorkMessage.Check), TimeSpan.Zero, cancellationToken);
        return true;
    }

    /// <summary>
    /// The queued import of an upload this pass must run in its place: a new one for an unclaimed upload, or the import
    /// another claimer (an HTTP poll, another worker) claimed or recorded for it since the unfinished imports were listed,
    /// so an older upload is never passed over for a newer one. An upload whose import is listed or has ended is only
    /// tidied: moved away if the import finished but the move did not happen.
    /// </summary>
    private async Task<ImportRecord?> ClaimAsync(Tenant tenant, FeedObject file, IReadOnlyList<ImportRecord> unfinished, CancellationToken cancellationToken)
    {
        var claimedBy = await imports.ClaimedByAsync(tenant.TenantId, file, cancellationToken);
        if (claimedBy is null)
        {
            var importId = ImportRecord.NewId(time.GetUtcNow());
            if (await imports.TryClaimAsync(tenant.TenantId, file, importId, cancellationToken))
            {
                return await QueuedAsync(tenant, file, importId, cancellationToken);
            }

            // Another claimer took it between the look and the claim.
            claimedBy = await imports.ClaimedByAsync(tenant.TenantId, file, cancellationToken);
            if (claimedBy is null)
            {
                return null;
            }
        }

        if (unfinished.Any(r => r.ImportId == claimedBy))
        {
            return null; // its import is listed already (the usual case for a worker after a poll claimed it)
        }

        var existing = await imports.GetAsync(tenant.TenantId, claimedBy, cancellationToken)
            ?? await QueuedAsync(tenant, file, claimedBy, cancellationToken); // a claim whose record was never written runs under its id
        if (existing.IsFinal)
        {
            await runner.FileAwayAsync(tenant, existing, cancellationToken);
            return null;
        }

        return existing.Status == ImportStatus.Running ? existing : null;
    }

    /// <summary>The claimed upload's queued record: the one written here, or the one another claimer wrote first.</summary>
    private async Task<ImportRecord> QueuedAsync(Tenant tenant, FeedObject file, string importId, CancellationToken cancellationToken)
    {
        var record = ImportLife.Queued(importId, tenant.TenantId, file.Key, file.ETag, file.Size, time.GetUtcNow());
        return await imports.AddAsync(record, cancellationToken)
            ? record
            : await imports.GetAsync(tenant.TenantId, importId, cancellationToken) ?? throw new InvalidOperationException($"Import {importId} was written and is gone.");
    }
}
