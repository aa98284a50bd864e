using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Finds new files in the feed-enabled tenants' buckets and runs them: per tenant oldest first, one at a
/// time; tenants in parallel up to <see cref="FeedOptions.MaxParallelTenants"/>. A file version (key + ETag)
/// is claimed before it runs, so it is never applied twice.
/// </summary>
public sealed class FeedPoller(
    TenantStore tenants,
    ImportStore imports,
    FeedBuckets buckets,
    ImportRunner runner,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedPoller> logger)
{
    public async Task<int> PollAllAsync(CancellationToken cancellationToken)
    {
        var enabled = await tenants.ListFeedEnabledAsync(cancellationToken);
        var count = 0;
        await Parallel.ForEachAsync(
            enabled,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxParallelTenants, CancellationToken = cancellationToken },
            async (tenant, ct) =>
            {
                try
                {
                    var ran = await PollTenantAsync(tenant, ct);
                    Interlocked.Add(ref count, ran.Count);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.TenantPollFaulted(logger, ex, tenant.TenantId);
                }
            });
        Log.PollCompleted(logger, enabled.Count, count);
        return count;
    }

    /// <summary>Runs the tenant's new files; returns the imports that ran. Does nothing while the tenant has no mapping.</summary>
    public async Task<IReadOnlyList<ImportRecord>> PollTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var mapping = await tenants.GetMappingAsync(tenant.TenantId, cancellationToken);
        if (mapping is null || !tenant.FeedEnabled)
        {
            return [];
        }

        var ran = new List<ImportRecord>();
        foreach (var file in await buckets.ListUploadsAsync(tenant.Bucket, cancellationToken))
        {
            if (await imports.IsClaimedAsync(tenant.TenantId, file.Key, file.ETag, cancellationToken))
            {
                continue;
            }

            var importId = ImportRecord.NewId(time.GetUtcNow());
            if (!await imports.TryClaimAsync(tenant.TenantId, file.Key, file.ETag, importId, cancellationToken))
            {
                continue;
            }

            ran.Add(await runner.RunAsync(tenant, mapping, file, importId, cancellationToken));
        }

        return ran;
    }
}
