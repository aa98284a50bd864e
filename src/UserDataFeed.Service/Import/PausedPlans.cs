using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Import;

/// <summary>
/// The plans of runs that paused at their work budget, kept by this process with the open local copy of the file
/// they read, for a minute: a continuation this same process takes goes on without downloading and
/// planning again. A continuation another process takes plans again; a plan not taken in time is dropped.
/// </summary>
public sealed class PausedPlans : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan DefaultKeepFor = TimeSpan.FromMinutes(1);

    private readonly TimeProvider time;
    private readonly TimeSpan keepFor;
    private readonly ITimer sweep;
    private readonly Lock sync = new();
    private readonly Dictionary<string, Kept> kept = new(StringComparer.Ordinal);

    /// <param name="keepFor">How long a plan waits for its continuation; zero keeps none (every continuation plans again).</param>
    public PausedPlans(TimeProvider time, TimeSpan? keepFor = null)
    {
        this.time = time;
        this.keepFor = keepFor ?? DefaultKeepFor;
        var every = this.keepFor > TimeSpan.Zero ? this.keepFor : Timeout.InfiniteTimeSpan;
        sweep = time.CreateTimer(_ => Drop(e => e.Until <= this.time.GetUtcNow()), null, every, every);
    }

    /// <summary>A paused run's plan, the file it reads, the changes written and the users' write count after them.</summary>
    public sealed record Kept(ImportPlan Plan, Stream File, int Applied, long DigestVersion, DateTimeOffset Until);

    /// <summary>Keeps the plan and takes over the file: closes it when this process keeps none.</summary>
    public void Keep(string importId, ImportPlan plan, Stream file, int applied, long digestVersion)
    {
        if (keepFor <= TimeSpan.Zero)
        {
            file.Dispose();
            return;
        }

        Kept? replaced;
        lock (sync)
        {
            kept.Remove(importId, out replaced);
            kept[importId] = new Kept(plan, file, applied, digestVersion, time.GetUtcNow() + keepFor);
        }

        replaced?.File.Dispose();
    }

    /// <summary>The kept plan of the import if it is the one its record paused with (same changes written, same write count); else null.</summary>
    public Kept? Take(string importId, int applied, long digestVersion)
    {
        Kept? found;
        lock (sync)
        {
            kept.Remove(importId, out found);
        }

        if (found is not null && (found.Applied != applied || found.DigestVersion != digestVersion))
        {
            found.File.Dispose();
            return null;
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await sweep.DisposeAsync();
        Drop(_ => true);
    }

    public void Dispose()
    {
        sweep.Dispose();
        Drop(_ => true);
    }

    private void Drop(Func<Kept, bool> which)
    {
        List<Kept> dropped;
        lock (sync)
        {
            dropped = [.. kept.Where(e => which(e.Value)).Select(e => e.Value)];
            foreach (var key in kept.Where(e => which(e.Value)).Select(e => e.Key).ToList())
            {
                kept.Remove(key);
            }
        }

        dropped.ForEach(e => e.File.Dispose());
    }
}
