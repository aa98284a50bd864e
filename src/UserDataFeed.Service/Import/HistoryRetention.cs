using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Keeps the users' histories to the tenant's <see cref="Tenant.HistoryRetentionDays"/>: at most once a day, a check of
/// the tenant removes the entries older than that which no longer tell any value (see <c>HistoryRows</c>), and from then
/// on no entry older than that is shown (none at all when the tenant keeps no history).
/// </summary>
public sealed class HistoryRetention(UserStore users, TenantMarks marks, TimeProvider time, ILogger<HistoryRetention> logger)
{
    /// <summary>How often a tenant's histories are pruned: the retention is in days, so daily loses nothing.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Prunes the tenant's histories when a day has passed since the last time; returns the entries removed.</summary>
    public async Task<int> RunAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await marks.GetHistoryPrunedAsync(tenant.TenantId, cancellationToken) is { } last && now - last.At < Interval)
        {
            return 0;
        }

        var before = now.AddDays(-tenant.HistoryRetentionDays);
        var removed = await users.PruneHistoryAsync(tenant.TenantId, before, cancellationToken);
        await marks.SetHistoryPrunedAsync(tenant.TenantId, now, before, cancellationToken);
        Log.HistoryPruned(logger, tenant.TenantId, removed, before, tenant.HistoryRetentionDays);
        return removed;
    }
}
