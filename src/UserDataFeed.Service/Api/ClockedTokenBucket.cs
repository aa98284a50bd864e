using System.Threading.RateLimiting;

namespace UserDataFeed.Service.Api;

/// <summary>
/// A token bucket on an injected <see cref="TimeProvider"/>: <c>permits</c> requests at once, refilled evenly over
/// <c>window</c>, computed when asked (no timer). The shared framework's <see cref="TokenBucketRateLimiter"/> reads
/// the system's stopwatch, which a test cannot move; this one refills when the clock moves, so a test need not wait.
/// A refused lease carries <see cref="MetadataName.RetryAfter"/>: when the next permit is due.
/// </summary>
public sealed class ClockedTokenBucket(int permits, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock gate = new();
    private readonly double permitsPerTick = permits / (double)window.Ticks;
    private double available = permits;
    private DateTimeOffset updated = time.GetUtcNow();

    /// <summary>How long the bucket has been full: the partitioned limiter drops a bucket that stays full a while.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var now = Refill();
                return available >= permits ? now - updated : null;
            }
        }
    }

    public override RateLimiterStatistics GetStatistics()
    {
        lock (gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)available };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, permits);
        lock (gate)
        {
            var now = Refill();
            var wanted = Math.Max(permitCount, 1); // 0 asks whether a permit is available
            if (available >= wanted)
            {
                available -= permitCount;
                updated = now;
                return Lease.Acquired;
            }

            return new Lease(false, TimeSpan.FromTicks((long)Math.Ceiling((wanted - available) / permitsPerTick)));
        }
    }

    /// <summary>Requests are never queued: an exhausted bucket refuses at once, with when to come back.</summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Adds what the time since the last update earned. A full bucket keeps the instant it became full in <see cref="updated"/>.</summary>
    private DateTimeOffset Refill()
    {
        var now = time.GetUtcNow();
        if (now <= updated || available >= permits)
        {
            return now;
        }

        var refilled = available + ((now - updated).Ticks * permitsPerTick);
        if (refilled >= permits)
        {
            var fullAt = updated + TimeSpan.FromTicks((long)Math.Ceiling((permits - available) / permitsPerTick));
            updated = fullAt < now ? fullAt : now;
            available = permits;
        }
        else
        {
            available = refilled;
            updated = now;
        }

        return now;
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
