using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Tests;

/// <summary>The stream's safety hold (<see cref="ImportPlanner.StreamHold"/>): the file's threshold applied to a rolling window.</summary>
public sealed class StreamHoldTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Fact]
    public void Deactivations_up_to_the_minimum_are_admitted_whatever_the_share()
    {
        // 20% of 20 active users is 4, but the threshold is "more than 20% and more than 10 users": the 10th still passes.
        Assert.Null(ImportPlanner.StreamHold(admittedInWindow: 9, activeUsers: 20, HoldThreshold.Default, Day));
        Assert.NotNull(ImportPlanner.StreamHold(admittedInWindow: 10, activeUsers: 20, HoldThreshold.Default, Day));
    }

    [Fact]
    public void Deactivations_up_to_the_percentage_are_admitted_in_a_large_tenant()
    {
        // 20% of 1,000 is 200: the 200th passes, the 201st is held.
        Assert.Null(ImportPlanner.StreamHold(admittedInWindow: 199, activeUsers: 1000, HoldThreshold.Default, Day));
        Assert.NotNull(ImportPlanner.StreamHold(admittedInWindow: 200, activeUsers: 1000, HoldThreshold.Default, Day));
    }

    [Fact]
    public void The_stream_holds_where_a_file_with_the_same_deactivations_would()
    {
        var threshold = new HoldThreshold(30, 5);
        foreach (var active in new[] { 0, 1, 7, 50, 333 })
        {
            for (var admitted = 0; admitted < 120; admitted++)
            {
                var file = ImportPlanner.SafetyHold(rows: 1, outOfScope: 0, deactivations: admitted + 1, activeManaged: active, threshold);
                Assert.Equal(file is null, ImportPlanner.StreamHold(admitted, active, threshold, Day) is null);
            }
        }
    }

    [Fact]
    public void The_reason_says_the_count_the_window_the_active_users_and_the_threshold()
    {
        var reason = ImportPlanner.StreamHold(admittedInWindow: 10, activeUsers: 40, HoldThreshold.Default, Day);

        Assert.Equal("This deactivation would make 11 deactivations within 24 hour(s) of the tenant's 40 active users, more than the safety threshold "
            + "(20% and more than 10 users); an admin must approve it.", reason);
        Assert.Contains("90 minute(s)", ImportPlanner.StreamHold(10, 40, HoldThreshold.Default, TimeSpan.FromMinutes(90)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_threshold_of_100_percent_never_holds_a_tenant_deactivating_all_its_users()
    {
        Assert.Null(ImportPlanner.StreamHold(admittedInWindow: 49, activeUsers: 50, new HoldThreshold(100, 10), Day));
    }
}
