using System.Globalization;
using System.Text;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The deactivations a stream admitted within its rolling window, counted in buckets of whole minutes (a 24-hour window
/// keeps at most about 1,440 of them however many deactivations it counts, so it fits in one stored value). A bucket is
/// <see cref="BucketWidth"/> of the window wide and counts until its whole width has left the window: a deactivation
/// leaves the count at most one bucket late (a minute for 24 hours), never early. Pure: the caller passes the time.
/// </summary>
public sealed record DeactivationWindow(IReadOnlyList<DeactivationWindow.Bucket> Buckets)
{
    /// <summary><paramref name="Count"/> deactivations admitted from minute <paramref name="StartMinute"/> (since the Unix epoch) for a bucket's width.</summary>
    public sealed record Bucket(long StartMinute, int Count);

    public static readonly DeactivationWindow Empty = new([]);

    /// <summary>How many buckets a window is cut into (fewer when they would be under a minute).</summary>
    public const int BucketsPerWindow = 1440;

    /// <summary>A bucket's width in whole minutes: a 1,440th of the window, at least one.</summary>
    public static long BucketWidth(TimeSpan window) => Math.Max(1, (long)(window.TotalMinutes / BucketsPerWindow));

    /// <summary>The deactivations the window holds at <paramref name="now"/>.</summary>
    public int CountAt(DateTimeOffset now, TimeSpan window) => InWindow(now, window).Sum(b => b.Count);

    /// <summary>The window with one more deactivation at <paramref name="now"/>, the buckets that left it dropped.</summary>
    public DeactivationWindow Admit(DateTimeOffset now, TimeSpan window)
    {
        var width = BucketWidth(window);
        var start = MinuteOf(now) / width * width;
        var kept = InWindow(now, window).Where(b => b.StartMinute != start).ToList();
        var current = InWindow(now, window).FirstOrDefault(b => b.StartMinute == start);
        kept.Add(new Bucket(start, (current?.Count ?? 0) + 1));
        return new DeactivationWindow([.. kept.OrderBy(b => b.StartMinute)]);
    }

    /// <summary>How long until the oldest counted deactivation leaves the window; null when it holds none.</summary>
    public TimeSpan? UntilOldestLeaves(DateTimeOffset now, TimeSpan window)
    {
        var oldest = InWindow(now, window).Select(b => (long?)b.StartMinute).Min();
        return oldest is { } minute ? LeavesAt(minute, window) - now : null;
    }

    /// <summary>The stored form: <c>startMinute:count</c> pairs separated by ';'.</summary>
    public string Serialize() => string.Join(';', Buckets.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.StartMinute}:{b.Count}")));

    /// <summary>The window of a stored form; empty for null or empty text.</summary>
    public static DeactivationWindow Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var buckets = new List<Bucket>();
        foreach (var pair in text.Split(';'))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            buckets.Add(new Bucket(long.Parse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture), int.Parse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture)));
        }

        return new DeactivationWindow(buckets);
    }

    private IEnumerable<Bucket> InWindow(DateTimeOffset now, TimeSpan window) => Buckets.Where(b => LeavesAt(b.StartMinute, window) > now);

    /// <summary>When a bucket's last possible deactivation is a whole window old.</summary>
    private static DateTimeOffset LeavesAt(long startMinute, TimeSpan window) =>
        DateTimeOffset.UnixEpoch + TimeSpan.FromMinutes(startMinute + BucketWidth(window)) + window;

    private static long MinuteOf(DateTimeOffset time) => (long)Math.Floor((time - DateTimeOffset.UnixEpoch).TotalMinutes);

    public bool Equals(DeactivationWindow? other) => other is not null && Buckets.SequenceEqual(other.Buckets);

    public override int GetHashCode() => Buckets.Count;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(Serialize());
        return true;
    }
}
