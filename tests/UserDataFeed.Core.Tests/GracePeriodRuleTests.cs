using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>The grace period (<see cref="FeedPolicy.DeactivateAfterMissingFiles"/>): absence deactivates on the Nth file in a row without the user.</summary>
public sealed class GracePeriodRuleTests
{
    private static readonly FeedMapping Basic = MappingOf();
    private static readonly FeedPolicy ThreeFiles = new(HoldThreshold.Default) { DeactivateAfterMissingFiles = 3 };

    private static ImportPlan PlanWith(FeedPolicy policy, string csv, params UserRecord[] users) =>
        ImportPlanner.Plan(ImportPlanner.Prepare(FeedRows.InMemory(Rows(Basic, csv)), new FieldLayout(Basic)), new FullRecords(users), policy, Now).Planned();

    private static PreparedFile Prepare(string csv) => ImportPlanner.Prepare(FeedRows.InMemory(Rows(Basic, csv)), new FieldLayout(Basic));

    [Fact]
    public void Absent_feed_user_stays_active_pending_deactivation_before_the_last_missed_file()
    {
        var plan = PlanWith(ThreeFiles, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), FeedUser("bob@example.com") with { MissedFiles = 1 });

        var change = plan.ChangeFor("bob@example.com");
        Assert.True(change.User.Active);
        Assert.False(change.User.DeactivatedForAbsence);
        Assert.Equal(2, change.User.MissedFiles);
        Assert.Equal((1, 0, 0), (plan.Counts.PendingDeactivation, plan.Counts.Deactivated, plan.Counts.Updated));
    }

    [Fact]
    public void The_same_import_planned_again_against_the_records_it_wrote_counts_no_second_miss()
    {
        // A paused or resumed run plans the rest of its file against the users as written so far.
        var policy = ThreeFiles with { ImportId = "import-2" };
        List<UserRecord> before = [FeedUser("ann@example.com"), FeedUser("bob@example.com") with { MissedFiles = 1, MissedInImport = "import-1" }];
        var first = PlanWith(policy, "Email,First,Last\nann@example.com,Ann,Lee\n", [.. before]);
        var written = InMemoryUsers.ApplyChanges(before, first.Changes);

        var again = PlanWith(policy, "Email,First,Last\nann@example.com,Ann,Lee\n", [.. written]);

        var change = again.ChangeFor("bob@example.com");
        Assert.Equal((true, 2, "import-2"), (change.User.Active, change.User.MissedFiles, change.User.MissedInImport));
        Assert.Equal((1, 0), (again.Counts.PendingDeactivation, again.Counts.Deactivated));
        Assert.Equal(2, again.Summaries.Single(s => s.EmailKey == "bob@example.com").MissedFiles);

        // The next import counts its own miss, and deactivates on the third.
        var next = PlanWith(policy with { ImportId = "import-3" }, "Email,First,Last\nann@example.com,Ann,Lee\n", [.. InMemoryUsers.ApplyChanges(written, again.Changes)]);
        Assert.Equal((ChangeKind.Deactivate, 3), (next.ChangeFor("bob@example.com").Kind, next.ChangeFor("bob@example.com").User.MissedFiles));
    }

    [Fact]
    public void Absent_feed_user_is_deactivated_on_the_last_missed_file()
    {
        var plan = PlanWith(ThreeFiles, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), FeedUser("bob@example.com") with { MissedFiles = 2 });

        var change = plan.ChangeFor("bob@example.com");
        Assert.Equal(ChangeKind.Deactivate, change.Kind);
        Assert.False(change.User.Active);
        Assert.True(change.User.DeactivatedForAbsence);
        Assert.Equal((0, 1), (plan.Counts.PendingDeactivation, plan.Counts.Deactivated));
    }

    [Fact]
    public void Default_of_one_deactivates_on_the_first_file_without_the_user()
    {
        var plan = PlanWith(FeedPolicy.Default, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), FeedUser("bob@example.com"));

        Assert.Equal(ChangeKind.Deactivate, plan.ChangeFor("bob@example.com").Kind);
        Assert.Equal(0, plan.Counts.PendingDeactivation);
    }

    [Fact]
    public void Reappearing_resets_the_count()
    {
        var plan = PlanWith(ThreeFiles, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com") with { MissedFiles = 2 });

        var change = plan.ChangeFor("ann@example.com");
        Assert.Equal((ChangeKind.Update, 0, true), (change.Kind, change.User.MissedFiles, change.User.Active));
        Assert.Equal(1, plan.Counts.Updated);
    }

    [Fact]
    public void Row_in_error_names_the_user_so_they_miss_nothing_and_keep_their_count()
    {
        var plan = PlanWith(ThreeFiles, "Email,First,Last\nann@example.com,,Lee\n", FeedUser("ann@example.com") with { MissedFiles = 2 });

        Assert.Empty(plan.Changes);
        Assert.Equal((0, 0, 1), (plan.Counts.PendingDeactivation, plan.Counts.Deactivated, plan.Counts.Errors));
    }

    [Fact]
    public void Hold_judges_only_the_deactivations_the_file_really_makes()
    {
        var users = Enumerable.Range(0, 20).Select(i => FeedUser($"u{i}@example.com")).ToArray();
        const string OnlyFive = "Email,First,Last\nu0@example.com,Ann,Lee\nu1@example.com,Ann,Lee\nu2@example.com,Ann,Lee\nu3@example.com,Ann,Lee\nu4@example.com,Ann,Lee\n";

        var graced = PlanWith(ThreeFiles, OnlyFive, users);
        var lastMissedFile = PlanWith(ThreeFiles, OnlyFive, [.. users.Select(u => u with { MissedFiles = 2 })]);

        Assert.False(graced.Held);
        Assert.Equal((15, 0), (graced.Counts.PendingDeactivation, graced.Counts.Deactivated));
        Assert.True(lastMissedFile.Held);
        Assert.Contains("would deactivate 15 of 20", lastMissedFile.HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missed_files_are_counted_in_the_digest_and_patched_without_reading_any_record()
    {
        const string Both = "Email,First,Last\nann@example.com,Ann,Lee\nbob@example.com,Bob,Ray\n";
        const string AnnOnly = "Email,First,Last\nann@example.com,Ann,Lee\n";
        var first = Prepare(Both).PlanAgainst([]);

        var missed = ImportPlanner.Plan(Prepare(AnnOnly), new DigestUsers(RoundTrip(first.Summaries)), ThreeFiles, Now).Planned();
        var back = ImportPlanner.Plan(Prepare(Both), new DigestUsers(RoundTrip(missed.Summaries)), ThreeFiles, Now).Planned();

        var pending = Assert.IsType<UserChange.Patch>(Assert.Single(missed.Changes));
        Assert.Equal((1, null), (pending.Values.MissedFiles, pending.Values.Status));
        Assert.Equal(1, missed.Summaries.Single(s => s.EmailKey == "bob@example.com").MissedFiles);
        var reset = Assert.IsType<UserChange.Patch>(Assert.Single(back.Changes));
        Assert.Equal(("bob@example.com", 0), (reset.Email, reset.Values.MissedFiles));
        Assert.Equal(0, back.Summaries.Single(s => s.EmailKey == "bob@example.com").MissedFiles);
        Assert.Equal((1, 1), (back.Counts.Updated, back.Counts.Unchanged));
    }

    private static List<UserSummary> RoundTrip(IReadOnlyCollection<UserSummary> users)
    {
        using var bytes = new MemoryStream();
        UserDigest.Serialize(users, bytes);
        bytes.Position = 0;
        return UserDigest.Deserialize(bytes);
    }
}
