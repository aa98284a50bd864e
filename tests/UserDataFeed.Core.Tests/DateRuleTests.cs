using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>Start and end dates (<see cref="FeedDates"/>): they bound when a user is active, in the tenant's time zone.</summary>
public sealed class DateRuleTests
{
    private static readonly FeedMapping Dated = MappingOf((PlatformFields.StartDate, "Start"), (PlatformFields.EndDate, "End"));
    private const string Header = "Email,First,Last,Start,End\n";

    // Builders.Now is 2026-11-25T12:00Z.
    private static ImportPlan PlanAt(DateTimeOffset now, string rows, TimeZoneInfo? zone = null, params UserRecord[] users) =>
        ImportPlanner.Plan(Prepare(rows, zone), new FullRecords(users), HoldThreshold.Default, now).Planned();

    private static PreparedFile Prepare(string rows, TimeZoneInfo? zone = null)
    {
        var layout = new FieldLayout(Dated, zone);
        return ImportPlanner.Prepare(FeedRows.InMemory(Read(layout, System.Text.Encoding.UTF8.GetBytes(Header + rows))), layout);
    }

    [Fact]
    public void End_date_that_has_passed_deactivates_the_user_and_counts_as_a_deactivation()
    {
        var plan = PlanAt(Now, "ann@example.com,Ann,Lee,2020-01-06,2026-11-24\n", users: FeedUser("ann@example.com"));

        var change = plan.ChangeFor("ann@example.com");
        Assert.Equal(ChangeKind.Deactivate, change.Kind);
        Assert.False(change.User.Active);
        Assert.Equal("2026-11-24", change.User.EndDate!.Text);
        Assert.Equal(1, plan.Counts.Deactivated);
    }

    [Fact]
    public void User_works_through_their_last_day_in_the_tenants_time_zone()
    {
        var tokyo = FeedDates.Zone("Asia/Tokyo")!;
        const string LastDayToday = "ann@example.com,Ann,Lee,,2026-11-25\n";

        // 12:00Z is 21:00 in Tokyo on the 25th: still the last day there; 15:00Z is midnight, the day after.
        Assert.True(PlanAt(Now, LastDayToday, tokyo).ChangeFor("ann@example.com").User.Active);
        Assert.False(PlanAt(Now.AddHours(3), LastDayToday, tokyo).ChangeFor("ann@example.com").User.Active);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero), PlanAt(Now, LastDayToday, tokyo).ChangeFor("ann@example.com").User.EndDate!.At);
    }

    [Fact]
    public void Future_end_date_keeps_the_user_active()
    {
        var plan = PlanAt(Now, "ann@example.com,Ann,Lee,,2026-12-31\n");

        var user = plan.ChangeFor("ann@example.com").User;
        Assert.True(user.Active);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), user.EndDate!.At);
    }

    [Fact]
    public void Moving_the_end_date_later_reactivates_a_leaver()
    {
        var leaver = FeedUser("ann@example.com") with { InactiveBecause = InactiveReason.EndDatePassed, EndDate = new UserDate("2026-11-01", new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero)) };

        var moved = PlanAt(Now, "ann@example.com,Ann,Lee,,2027-06-30\n", users: leaver);
        var cleared = PlanAt(Now, "ann@example.com,Ann,Lee,,\n", users: leaver);

        Assert.Equal((ChangeKind.Reactivate, true), (moved.ChangeFor("ann@example.com").Kind, moved.ChangeFor("ann@example.com").User.Active));
        Assert.Equal(ChangeKind.Reactivate, cleared.ChangeFor("ann@example.com").Kind);
        Assert.Null(cleared.ChangeFor("ann@example.com").User.EndDate);
    }

    [Fact]
    public void Future_joiner_is_created_inactive_waiting_for_the_start_date()
    {
        var plan = PlanAt(Now, "new@example.com,New,Joiner,2026-12-07,\n");

        var change = plan.ChangeFor("new@example.com");
        Assert.Equal(ChangeKind.Create, change.Kind);
        Assert.False(change.User.Active);
        Assert.True(change.User.AwaitingStart);
        Assert.Equal((1, 0), (plan.Counts.Created, plan.Counts.Deactivated));
    }

    [Fact]
    public void Start_date_that_has_begun_leaves_the_status_to_decide()
    {
        var mapping = MappingOf((PlatformFields.StartDate, "Start"), (PlatformFields.Status, "Status"));
        var layout = new FieldLayout(mapping);
        var file = ImportPlanner.Prepare(FeedRows.InMemory(Read(layout, "Email,First,Last,Start,Status\nann@example.com,Ann,Lee,2026-11-25,1\nbob@example.com,Bob,Ray,2026-01-01,0\n"u8.ToArray())), layout);

        var plan = ImportPlanner.Plan(file, FullRecords.None, HoldThreshold.Default, Now).Planned();

        Assert.True(plan.ChangeFor("ann@example.com").User.Active);
        Assert.False(plan.ChangeFor("ann@example.com").User.AwaitingStart);
        Assert.False(plan.ChangeFor("bob@example.com").User.Active);
        Assert.False(plan.ChangeFor("bob@example.com").User.AwaitingStart); // the status, not the date, keeps Bob inactive
    }

    [Theory]
    [InlineData("2026-11-24T17:30:00Z", false)]
    [InlineData("2026-11-25T13:30+01:00", false)] // 12:30Z
    [InlineData("2026-11-25T12:45:00.5", true)]   // local, in UTC here
    [InlineData("2026-11-25 13:00", true)]
    public void Date_time_ends_at_that_instant(string end, bool active)
    {
        var plan = PlanAt(Now.AddMinutes(31), $"ann@example.com,Ann,Lee,,{end}\n");

        Assert.Equal(active, plan.ChangeFor("ann@example.com").User.Active);
    }

    [Theory]
    [InlineData("31/12/2026")]
    [InlineData("12/31/2026")]
    [InlineData("2026-13-01")]
    [InlineData("next friday")]
    [InlineData("2026-12-31T25:00")]
    public void Date_in_another_format_is_a_row_error(string end)
    {
        var plan = PlanAt(Now, $"ann@example.com,Ann,Lee,,{end}\n");

        var issue = Assert.Single(plan.Issues);
        Assert.Equal(("invalid-date", "End", end, IssueSeverity.Error), (issue.Code, issue.Column, issue.Value, issue.Severity));
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void Hold_counts_the_users_whose_end_dates_have_passed()
    {
        var users = Enumerable.Range(0, 20).Select(i => FeedUser($"u{i}@example.com")).ToArray();
        var rows = string.Concat(Enumerable.Range(0, 20).Select(i => $"u{i}@example.com,Ann,Lee,,{(i < 15 ? "2026-11-01" : "")}\n"));

        var plan = PlanAt(Now, rows, users: users);

        Assert.True(plan.Held);
        Assert.Contains("would deactivate 15 of 20", plan.HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_row_after_its_end_date_passed_deactivates_a_user_known_only_by_summary()
    {
        const string Row = "ann@example.com,Ann,Lee,,2026-11-30\n";
        var first = PlanAt(Now, Row);

        var later = ImportPlanner.Plan(Prepare(Row), new DigestUsers([.. first.Summaries]), HoldThreshold.Default, Now.AddDays(7)).Planned();
        var sameDay = ImportPlanner.Plan(Prepare(Row), new DigestUsers([.. first.Summaries]), HoldThreshold.Default, Now).Planned();

        var patch = Assert.IsType<UserChange.Patch>(Assert.Single(later.Changes));
        Assert.Equal((ChangeKind.Deactivate, InactiveReason.EndDatePassed), (patch.Kind, patch.Values.Status));
        Assert.Empty(sameDay.Changes);
    }

    [Fact]
    public void Date_falling_due_between_files_activates_a_joiner_and_deactivates_a_leaver()
    {
        var joiner = FeedUser("new@example.com") with
        {
            InactiveBecause = InactiveReason.StartDateToCome, AwaitingStart = true, StartDate = new UserDate("2026-12-01", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)),
        };
        var leaver = FeedUser("old@example.com") with { EndDate = new UserDate("2026-11-30", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)) };
        var blocked = joiner with { Email = "blocked@example.com", AwaitingStart = false, InactiveBecause = InactiveReason.Platform };

        Assert.Null(ImportPlanner.WhenADateFallsDue(joiner, Now));
        Assert.Null(ImportPlanner.WhenADateFallsDue(leaver, Now));
        var started = Assert.IsType<UserChange.Replace>(ImportPlanner.WhenADateFallsDue(joiner, Now.AddDays(6)));
        var left = Assert.IsType<UserChange.Replace>(ImportPlanner.WhenADateFallsDue(leaver, Now.AddDays(6)));
        Assert.Equal((ChangeKind.Reactivate, true, false), (started.Kind, started.User.Active, started.User.AwaitingStart));
        Assert.Equal((ChangeKind.Deactivate, false), (left.Kind, left.User.Active));
        Assert.Null(ImportPlanner.WhenADateFallsDue(blocked, Now.AddDays(6)));
    }

    [Fact]
    public void A_user_active_under_a_mapping_that_no_longer_feeds_their_start_date_does_not_wait_for_it()
    {
        // Ann waited for a start date an earlier mapping fed; the mapping now feeds only the end date, so her row makes her
        // active, and nothing is left for the poller to "activate" on a date that no longer decides.
        var joiner = FeedUser("ann@example.com") with
        {
            InactiveBecause = InactiveReason.StartDateToCome, AwaitingStart = true, StartDate = new UserDate("2026-12-07", new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero)),
        };
        var layout = new FieldLayout(MappingOf((PlatformFields.EndDate, "End")));
        var file = ImportPlanner.Prepare(FeedRows.InMemory(Read(layout, "Email,First,Last,End\nann@example.com,Ann,Lee,2027-06-30\n"u8.ToArray())), layout);

        var user = ImportPlanner.Plan(file, new FullRecords([joiner]), HoldThreshold.Default, Now).Planned().ChangeFor("ann@example.com").User;

        Assert.Equal((true, false), (user.Active, user.AwaitingStart));
        Assert.Null(ImportPlanner.WhenADateFallsDue(user, Now.AddDays(30)));
    }
}
