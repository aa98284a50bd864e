using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Work on a tenant's feed under its lease, so one run at a time touches it, whichever process or instance
/// it is on: the guard for file order and exactly-once. The lease is renewed while the work runs; a holder
/// that dies lets it expire, and the next worker takes over and resumes.
/// </summary>
public sealed class TenantLeases(LeaseStore leases, IOptions<FeedOptions> options, TimeProvider time, ILogger<TenantLeases> logger)
{
    private readonly FeedOptions feed = options.Value;
    private readonly string process = ImportRunner.WorkerName;

    /// <summary>Runs <paramref name="work"/> holding the tenant's lease, renewing it; default when another process holds it.</summary>
    public async Task<T?> UnderLeaseAsync<T>(string tenantId, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
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
