using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Finds new files in the feed-enabled tenants' buckets and runs them. Per tenant: under a lease, so one
/// process at a time; unfinished imports first (resumed after a crash or a fault), then new files oldest
/// first, one at a time; a held import stops the queue until it is approved or rejected. Tenants run in
/// parallel up to <see cref="FeedOptions.MaxParallelTenants"/>. An uploaded object (key, ETag and upload
/// time) is claimed before it runs, so it is never applied twice; the same bytes uploaded again run again.
/// </summary>
public sealed class FeedPoller(
    TenantStore tenants,
    ImportStore imports,
    LeaseStore leases,
    FeedBuckets buckets,
    ImportRunner runner,
    FeedHealth health,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedPoller> logger)
{
    private readonly FeedOptions feed = options.Value;
    private readonly string process = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task<int> PollAllAsync(CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartPoll();
        var enabled = await tenants.ListFeedEnabledAsync(cancellationToken);
        var count = 0;
        await Parallel.ForEachAsync(
            enabled,
            new ParallelOptions { MaxDegreeOfParallelism = feed.MaxParallelTenants, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                try
                {
                    var ran = await PollTenantAsync(tenant, ct);
                    Interlocked.Add(ref count, ran.Count);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Log.TenantPollFaulted(logger, ex, tenant.TenantId);
                }
            });
        Log.PollCompleted(logger, enabled.Count, count);
        return count;
    }

    /// <summary>
    /// Runs the tenant's pending work; returns the imports that ran. Does nothing while the tenant has no
    /// mapping, or while another process holds the tenant's lease.
    /// </summary>
    public async Task<IReadOnlyList<ImportRecord>> PollTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.StartTenant(tenant.TenantId);
        var mapping = await tenants.GetMappingAsync(tenant.TenantId, cancellationToken);
        if (mapping is null || !tenant.FeedEnabled)
        {
            return [];
        }

        var ran = new List<ImportRecord>();
        await UnderLeaseAsync(tenant.TenantId, async ct =>
        {
            foreach (var unfinished in await imports.ListUnfinishedAsync(tenant.TenantId, ct))
            {
                if (unfinished.Status == ImportStatus.Held)
                {
                    Log.QueueHeld(logger, tenant.TenantId, unfinished.ImportId);
                    return;
                }

                var resumed = await runner.RunAsync(tenant, mapping, unfinished, approved: false, ct);
                ran.Add(resumed);
                if (!resumed.IsFinal)
                {
                    return; // keep the order: later files wait for this one
                }
            }

            foreach (var file in await buckets.ListUploadsAsync(tenant.Bucket, ct))
            {
                var record = await ClaimAsync(tenant, file, ct);
                if (record is null)
                {
                    continue;
                }

                var result = await runner.RunAsync(tenant, mapping, record, approved: false, ct);
                ran.Add(result);
                if (!result.IsFinal)
                {
                    return;
                }
            }
        }, cancellationToken);
        await health.CheckAsync(tenant, cancellationToken);
        return ran;
    }

    /// <summary>Releases a held import: applies it against the state at approval time. Null while the tenant is busy.</summary>
    public Task<ImportRecord?> ApproveAsync(Tenant tenant, ImportRecord held, CancellationToken cancellationToken) =>
        UnderLeaseAsync(tenant.TenantId, async ct =>
        {
            var mapping = await tenants.GetMappingAsync(tenant.TenantId, ct);
            return mapping is null
                ? throw new InvalidOperationException("The tenant has no mapping.")
                : await runner.RunAsync(tenant, mapping, held, approved: true, ct);
        }, cancellationToken);

    /// <summary>Discards a held import. Null while the tenant is busy.</summary>
    public Task<ImportRecord?> RejectAsync(Tenant tenant, ImportRecord held, CancellationToken cancellationToken) =>
        UnderLeaseAsync(tenant.TenantId, ct => runner.RejectAsync(tenant, held, ct), cancellationToken);

    /// <summary>
    /// A new import for an unclaimed upload. An upload already claimed is only tidied: moved away if its import
    /// finished but the move did not happen, or run if the claim was made but its record never written.
    /// </summary>
    private async Task<ImportRecord?> ClaimAsync(Tenant tenant, FeedObject file, CancellationToken cancellationToken)
    {
        var claimedBy = await imports.ClaimedByAsync(tenant.TenantId, file, cancellationToken);
        if (claimedBy is null)
        {
            var importId = ImportRecord.NewId(time.GetUtcNow());
            if (!await imports.TryClaimAsync(tenant.TenantId, file, importId, cancellationToken))
            {
                return null;
            }

            return NewRecord(tenant, file, importId);
        }

        var existing = await imports.GetAsync(tenant.TenantId, claimedBy, cancellationToken);
        if (existing is null)
        {
            return NewRecord(tenant, file, claimedBy);
        }

        if (existing.IsFinal)
        {
            await runner.FileAwayAsync(tenant, existing, cancellationToken);
        }

        return null;
    }

    private ImportRecord NewRecord(Tenant tenant, FeedObject file, string importId) =>
        new(importId, tenant.TenantId, file.Key, file.ETag, ImportStatus.Running, null, time.GetUtcNow(), null, ImportRecord.NoCounts)
        {
            FileSize = file.Size,
        };

    private async Task UnderLeaseAsync(string tenantId, Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await UnderLeaseAsync<bool>(tenantId, async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> holding the tenant's lease, renewing it; default when another process holds it.</summary>
    private async Task<T?> UnderLeaseAsync<T>(string tenantId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        // Each run is its own owner: two runs in one process must exclude each other too.
        var owner = $"{process}:{Guid.NewGuid():N}";
        var lease = await leases.TryAcquireAsync(tenantId, owner, feed.LeaseDuration, time.GetUtcNow(), cancellationToken);
        if (lease is null)
        {
            return default;
        }

        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var done = new CancellationTokenSource();
        var renewal = RenewAsync();
        try
        {
            return await work(lost.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.LeaseLost(logger, tenantId);
            return default;
        }
        finally
        {
            await done.CancelAsync();
            await renewal;
            if (lease is not null)
            {
                await leases.ReleaseAsync(lease, CancellationToken.None);
            }
        }

        async Task RenewAsync()
        {
            try
            {
                while (lease is not null)
                {
                    await Task.Delay(feed.LeaseDuration / 3, time, done.Token);
                    try
                    {
                        lease = await leases.RenewAsync(lease, feed.LeaseDuration, time.GetUtcNow(), done.Token);
                    }
                    catch (Azure.RequestFailedException)
                    {
                        continue; // a passing store fault: try again next tick, while the lease still runs
                    }

                    if (lease is null)
                    {
                        await lost.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
