using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>What became of a work message.</summary>
public enum WorkOutcome
{
    /// <summary>The tenant's work is done (or waits for an admin, or for a retry that was queued).</summary>
    Done,

    /// <summary>Another worker holds the tenant: the message was sent again with a delay.</summary>
    Busy,

    /// <summary>The work budget ran out: a continuation was queued.</summary>
    Continued,

    /// <summary>Taken more than <see cref="FeedOptions.MaxDequeues"/> times: the import at the head was failed with the reason.</summary>
    Poisoned,

    /// <summary>The tenant is gone, has its feed off, or has no mapping: nothing to do.</summary>
    Dropped,
}

/// <summary>
/// Runs a work message, for the Functions queue trigger and the self-host's queue consumer alike. Under the
/// tenant's lease: claims new uploads, then runs the tenant's imports oldest first until one is held or the
/// <see cref="FeedOptions.WorkBudget"/> is used; a run stopped by the budget keeps what it wrote and a
/// continuation message goes on with it, on whichever worker takes it.
/// </summary>
public sealed class FeedWorker(
    TenantStore tenants,
    MappingStore mappings,
    ImportStore imports,
    PendingChecks pending,
    WorkQueue queue,
    FeedPoller poller,
    ImportRunner runner,
    FeedHealth health,
    DateChanges dates,
    HistoryRetention retention,
    FeedQuarantine quarantine,
    TenantLeases leases,
    IOptions<FeedOptions> options,
    TimeProvider time,
    FeedTelemetry telemetry,
    ILogger<FeedWorker> logger)
{
    /// <summary>How long a message that found its tenant busy waits before it is taken again.</summary>
    public static readonly TimeSpan BusyDelay = TimeSpan.FromSeconds(2);

    /// <summary>How long after a storage fault the import is resumed.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    private readonly FeedOptions feed = options.Value;

    /// <param name="dequeueCount">How many times the queue has handed this message out, this time included.</param>
    public async Task<WorkOutcome> HandleAsync(WorkMessage message, long dequeueCount, CancellationToken cancellationToken)
    {
        var stopAt = time.GetUtcNow() + feed.WorkBudget;
        using var activity = FeedTelemetry.StartTenant(message.TenantId, message.TraceParent)?.SetTag("kind", message.Kind);
        var tenant = await tenants.GetAsync(message.TenantId, cancellationToken);
        var mapping = tenant is { FeedEnabled: true } ? await mappings.GetAsync(tenant.TenantId, cancellationToken) : null;
        if (tenant is null || mapping is null)
        {
            await ClearCheckAsync(message, cancellationToken);
            return WorkOutcome.Dropped;
        }

        var outcome = await leases.UnderLeaseAsync<WorkOutcome?>(tenant.TenantId, async ct =>
        {
            await ClearCheckAsync(message, ct);
            var (done, filesApplied) = dequeueCount > feed.MaxDequeues
                ? (await GiveUpAsync(tenant, dequeueCount, ct), false)
                : await WorkOnTenantAsync(tenant, mapping, stopAt, ct);
            if (done == WorkOutcome.Done)
            {
                await dates.RunAsync(tenant, mapping.ToMapping(), filesApplied, ct);
                await retention.RunAsync(tenant, ct);
            }

            if (message.Kind == WorkMessage.Check)
            {
                await health.CheckAsync(tenant, ct);
            }

            return done;
        }, cancellationToken) ?? WorkOutcome.Busy;

        // Sent once the lease is released, so the worker that takes it does not find the tenant busy.
        switch (outcome)
        {
            case WorkOutcome.Busy:
                await queue.SendAsync(message, BusyDelay, cancellationToken);
                break;
            case WorkOutcome.Continued or WorkOutcome.Poisoned:
                await queue.SendAsync(new WorkMessage(tenant.TenantId, WorkMessage.Continue), TimeSpan.Zero, cancellationToken);
                break;
        }

        activity?.SetTag("outcome", outcome.ToString());
        return outcome;
    }

    /// <summary>Runs the tenant's imports in order; says whether any of them applied its file.</summary>
    private async Task<(WorkOutcome Outcome, bool FilesApplied)> WorkOnTenantAsync(Tenant tenant, SavedMapping mapping, DateTimeOffset stopAt, CancellationToken cancellationToken)
    {
        var applied = false;
        var waiting = await poller.ClaimNewFilesAsync(tenant, cancellationToken);
        if ((await quarantine.GetAsync(tenant.TenantId, cancellationToken)).Paused)
        {
            Log.FeedPausedWaiting(logger, tenant.TenantId, waiting.Count);
            return (WorkOutcome.Done, applied); // claimed, so they keep their order; resuming queues them
        }

        foreach (var record in waiting)
        {
            if (time.GetUtcNow() >= stopAt)
            {
                return (WorkOutcome.Continued, applied);
            }

            var result = await runner.RunAsync(tenant, mapping, record, approved: record.Approved, stopAt, cancellationToken);
            if (result.Paused)
            {
                return (WorkOutcome.Continued, applied);
            }

            if (result.RetryPending)
            {
                await queue.SendAsync(new WorkMessage(tenant.TenantId, WorkMessage.Retry), RetryDelay, cancellationToken);
                return (WorkOutcome.Done, applied); // later files wait for it
            }

            if (result.Status == ImportStatus.Held)
            {
                return (WorkOutcome.Done, applied);
            }

            applied |= result.Status is ImportStatus.Completed or ImportStatus.CompletedWithErrors;
            if ((await quarantine.RecordAsync(tenant, result, cancellationToken)).Paused)
            {
                return (WorkOutcome.Done, applied); // the later files wait for an admin
            }
        }

        return (WorkOutcome.Done, applied);
    }

    /// <summary>Fails the import at the head of the tenant's queue, which the message kept failing to finish.</summary>
    private async Task<WorkOutcome> GiveUpAsync(Tenant tenant, long dequeueCount, CancellationToken cancellationToken)
    {
        Log.WorkPoisoned(logger, tenant.TenantId, dequeueCount);
        telemetry.RecordPoisoned(tenant.TenantId);
        var head = (await imports.ListUnfinishedAsync(tenant.TenantId, cancellationToken)).FirstOrDefault(r => r.Status != ImportStatus.Held);
        if (head is not null)
        {
            var failed = await runner.GiveUpAsync(tenant, head,
                $"The work on this import was taken {dequeueCount} times without finishing (each time the worker stopped or crashed " +
                $"before it could); it was given up after Feed:MaxDequeues = {feed.MaxDequeues}. Later files run as usual.",
                cancellationToken);
            await quarantine.RecordAsync(tenant, failed, cancellationToken);
        }

        return WorkOutcome.Poisoned;
    }

    private Task ClearCheckAsync(WorkMessage message, CancellationToken cancellationToken) =>
        message.Kind == WorkMessage.Check ? pending.ClearAsync(message.TenantId, cancellationToken) : Task.CompletedTask;
}
