using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Tests;

/// <summary>The rolling window a stream's deactivations are counted in (<see cref="DeactivationWindow"/>).</summary>
public sealed class DeactivationWindowTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void Deactivations_count_until_a_window_has_passed_and_at_most_a_bucket_longer()
    {
        var window = DeactivationWindow.Empty.Admit(Noon, Day).Admit(Noon.AddMinutes(30), Day);

        Assert.Equal(2, window.CountAt(Noon.AddMinutes(31), Day));
        Assert.Equal(2, window.CountAt(Noon + Day - TimeSpan.FromSeconds(1), Day));
        Assert.Equal(1, window.CountAt(Noon + Day + TimeSpan.FromMinutes(1), Day)); // the first left within a bucket (a minute) of its day
        Assert.Equal(0, window.CountAt(Noon.AddMinutes(31) + Day, Day));
    }

    [Fact]
    public void Admitting_drops_the_buckets_that_left_and_keeps_a_bounded_number()
    {
        var window = DeactivationWindow.Empty;
        for (var minute = 0; minute < 3 * 1440; minute += 2)
        {
            window = window.Admit(Noon.AddMinutes(minute), Day).Admit(Noon.AddMinutes(minute), Day);
        }

        Assert.InRange(window.Buckets.Count, 700, 722);
        Assert.Equal(window.Buckets.Sum(b => b.Count), window.CountAt(Noon.AddMinutes((3 * 1440) - 2), Day)); // as of the last admission
        Assert.True(window.Serialize().Length < 16_000);
    }

    [Fact]
    public void A_long_window_has_wider_buckets()
    {
        Assert.Equal(1, DeactivationWindow.BucketWidth(Day));
        Assert.Equal(1, DeactivationWindow.BucketWidth(TimeSpan.FromMinutes(5)));
        Assert.Equal(30, DeactivationWindow.BucketWidth(TimeSpan.FromDays(30)));
        var month = TimeSpan.FromDays(30);
        var window = DeactivationWindow.Empty.Admit(Noon, month).Admit(Noon.AddMinutes(29), month);
        Assert.Single(window.Buckets);
    }

    [Fact]
    public void Until_the_oldest_leaves_says_when_the_count_next_drops()
    {
        var window = DeactivationWindow.Empty.Admit(Noon, Day).Admit(Noon.AddHours(2), Day);

        var wait = window.UntilOldestLeaves(Noon.AddHours(3), Day)!.Value;

        Assert.Equal(2, window.CountAt(Noon.AddHours(3) + wait - TimeSpan.FromTicks(1), Day));
        Assert.Equal(1, window.CountAt(Noon.AddHours(3) + wait, Day));
        Assert.Null(DeactivationWindow.Empty.UntilOldestLeaves(Noon, Day));
    }

    [Fact]
    public void The_stored_form_reads_back_as_the_same_window()
    {
        var window = DeactivationWindow.Empty.Admit(Noon, Day).Admit(Noon, Day).Admit(Noon.AddMinutes(7), Day);

        Assert.Equal(window, DeactivationWindow.Parse(window.Serialize()));
        Assert.Equal(DeactivationWindow.Empty, DeactivationWindow.Parse(null));
        Assert.Equal(3, DeactivationWindow.Parse(window.Serialize()).CountAt(Noon.AddMinutes(8), Day));
    }
}
