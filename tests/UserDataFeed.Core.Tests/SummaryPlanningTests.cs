using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>Planning against user summaries (the digest), reading only the records a file changes.</summary>
public sealed class SummaryPlanningTests
{
    private static readonly FeedMapping Mapping = MappingOf((PlatformFields.Managers, "Manager"), (PlatformFields.Custom("dept"), "Dept"));
    private const string File1 = "Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,boss@example.com,Sales\nboss@example.com,Bo,Ss,,Board\nbob@example.com,Bob,Ray,boss@example.com,Ops\n";

    private static PreparedFile Prepare(string csv) => ImportPlanner.Prepare(Rows(Mapping, csv), new FieldLayout(Mapping));

    /// <summary>The state after a first import: every user known by its summary only, as a later run loads them from the digest.</summary>
    private static (DigestUsers Summaries, Dictionary<string, UserRecord> Records) AfterFirstImport()
    {
        var first = Prepare(File1).Plan([], HoldThreshold.Default, Now);
        var records = first.Changes.ToDictionary(c => EmailAddress.Normalize(c.User.Email), c => c.User);
        return (new DigestUsers([.. first.Summaries]), records);
    }

    private static List<UserSummary> RoundTrip(IReadOnlyCollection<UserSummary> users)
    {
        using var bytes = new MemoryStream();
        UserDigest.Serialize(users, bytes);
        bytes.Position = 0;
        return UserDigest.Deserialize(bytes);
    }

    /// <summary>The digest's users with the records of <paramref name="keys"/> read, as the runner plans again.</summary>
    private static DigestUsers WithRecords(DigestUsers states, Dictionary<string, UserRecord> records, IEnumerable<string> keys) =>
        new([.. states.Select(s => s.Summary)], keys.ToDictionary(k => k, k => records[k]));

    [Fact]
    public void Same_rows_in_another_order_are_unchanged_without_reading_any_record()
    {
        var (states, _) = AfterFirstImport();
        var reordered = "Email,First,Last,Manager,Dept\nbob@example.com,Bob,Ray,boss@example.com,Ops\nboss@example.com,Bo,Ss,,Board\nann@example.com,Ann,Lee,boss@example.com,Sales\n";

        var plan = Prepare(reordered).Plan(states, HoldThreshold.Default, Now);

        Assert.True(plan.Complete);
        Assert.Empty(plan.Changes);
        Assert.False(plan.SummariesChanged);
        Assert.Equal(3, plan.Counts.Unchanged);
        Assert.Equal(states.Select(s => s.Summary).OrderBy(s => s.EmailKey), plan.Summaries.OrderBy(s => s.EmailKey));
    }

    [Fact]
    public void Changed_row_asks_for_its_record_and_the_second_plan_updates_only_that_user()
    {
        var (states, records) = AfterFirstImport();
        var prepared = Prepare(File1.Replace("Ops", "Legal", StringComparison.Ordinal));

        var first = prepared.Plan(states, HoldThreshold.Default, Now);
        var second = prepared.Plan(WithRecords(states, records, first.MissingRecords), HoldThreshold.Default, Now);

        Assert.Equal(["bob@example.com"], first.MissingRecords);
        Assert.True(second.Complete);
        Assert.True(second.SummariesChanged);
        var change = Assert.Single(second.Changes);
        Assert.Equal(("Legal", ChangeKind.Update), (change.User.CustomFields["dept"], change.Kind));
        Assert.Equal((1, 2), (second.Counts.Updated, second.Counts.Unchanged));
    }

    [Fact]
    public void Absent_feed_user_and_a_derived_manager_change_ask_for_their_records()
    {
        var (states, records) = AfterFirstImport();
        var prepared = Prepare("Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,,Sales\nboss@example.com,Bo,Ss,,Board\n");

        var first = prepared.Plan(states, HoldThreshold.Default, Now);
        var second = prepared.Plan(WithRecords(states, records, first.MissingRecords), HoldThreshold.Default, Now);

        Assert.Equal(["ann@example.com", "bob@example.com", "boss@example.com"], first.MissingRecords.Order());
        Assert.Equal(ChangeKind.Deactivate, second.ChangeFor("bob@example.com").Kind);
        Assert.False(second.ChangeFor("boss@example.com").User.DerivedManager);
        Assert.Empty(second.ChangeFor("ann@example.com").User.Managers);
        Assert.Equal(0UL, second.Summaries.Single(s => s.EmailKey == "bob@example.com").InputHash);
    }

    [Fact]
    public void A_changed_mapping_makes_every_row_read_its_record()
    {
        var (states, _) = AfterFirstImport();
        var renamed = MappingOf((PlatformFields.Managers, "Manager"), (PlatformFields.Custom("dept"), "Department"));
        var prepared = ImportPlanner.Prepare(Rows(renamed, File1.Replace(",Dept\n", ",Department\n", StringComparison.Ordinal)), new FieldLayout(renamed));

        Assert.Equal(3, prepared.Plan(states, HoldThreshold.Default, Now).MissingRecords.Count);
    }

    [Fact]
    public void Changed_row_is_merged_into_its_unread_user_with_every_value_the_row_decides()
    {
        var (states, _) = AfterFirstImport();
        var prepared = Prepare(File1.Replace("bob@example.com,Bob,Ray,boss@example.com,Ops", "bob@example.com,Bobby,Ray,,", StringComparison.Ordinal));

        var plan = prepared.Plan(states, HoldThreshold.Default, Now, UnreadUsers.Merge);

        Assert.True(plan.Complete);
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal(
            UserValues.Identity | UserValues.Status | UserValues.DerivedManager | UserValues.Managers | UserValues.CustomFields,
            change.MergedValues);
        Assert.Equal(["dept"], change.MergedFieldKeys);
        Assert.Equal(("Bobby", 0, 0), (change.User.FirstName, change.User.CustomFields.Count, change.User.Managers.Count)); // the blank Dept clears the field
        Assert.Equal((1, 2), (plan.Counts.Updated, plan.Counts.Unchanged));
    }

    [Fact]
    public void Absent_feed_user_is_deactivated_by_a_merge_of_its_status_without_its_record()
    {
        var (states, _) = AfterFirstImport();
        var prepared = Prepare("Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,boss@example.com,Sales\nboss@example.com,Bo,Ss,,Board\n");

        var plan = prepared.Plan(states, HoldThreshold.Default, Now, UnreadUsers.Merge);

        Assert.True(plan.Complete);
        var change = plan.ChangeFor("bob@example.com");
        Assert.Equal((ChangeKind.Deactivate, UserValues.Status | UserValues.DerivedManager), (change.Kind, change.MergedValues));
        Assert.Equal((false, true, Now), (change.User.Active, change.User.DeactivatedForAbsence, change.User.UpdatedAt));
        Assert.False(plan.Summaries.Single(s => s.EmailKey == "bob@example.com").Active);
    }

    [Fact]
    public void Status_0_merged_into_unread_users_counts_as_deactivations_and_is_held()
    {
        var mapping = MappingOf((PlatformFields.Status, "Status"));
        PreparedFile PrepareWith(string status) => ImportPlanner.Prepare(
            Rows(mapping, "Email,First,Last,Status\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"u{i}@example.com,U{i},Lee,{status}\n"))),
            new FieldLayout(mapping));
        var states = new DigestUsers([.. PrepareWith("1").Plan([], HoldThreshold.Default, Now).Summaries]);

        var plan = PrepareWith("0").Plan(states, HoldThreshold.Default, Now, UnreadUsers.Merge);

        Assert.True(plan.Complete);
        Assert.Equal((30, 0), (plan.Counts.Deactivated, plan.Counts.Updated));
        Assert.All(plan.Changes, c => Assert.Equal(ChangeKind.Deactivate, c.Kind));
        Assert.True(plan.Held);
    }

    [Fact]
    public void A_changed_mapping_still_reads_every_record_when_merges_are_allowed()
    {
        var (states, _) = AfterFirstImport();
        var renamed = MappingOf((PlatformFields.Managers, "Manager"), (PlatformFields.Custom("dept"), "Department"));
        var prepared = ImportPlanner.Prepare(Rows(renamed, File1.Replace(",Dept\n", ",Department\n", StringComparison.Ordinal)), new FieldLayout(renamed));

        var plan = prepared.Plan(states, HoldThreshold.Default, Now, UnreadUsers.Merge);

        Assert.Equal(3, plan.MissingRecords.Count);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void A_user_the_feed_never_hashed_is_read_rather_than_merged()
    {
        var (states, _) = AfterFirstImport();
        List<UserState> unknown = [.. states.Select(s => s.Key == "bob@example.com" ? s with { Summary = s.Summary with { InputHash = 0 } } : s)];
        var prepared = Prepare(File1.Replace("Ops", "Legal", StringComparison.Ordinal));

        Assert.Equal(["bob@example.com"], prepared.Plan(unknown, HoldThreshold.Default, Now, UnreadUsers.Merge).MissingRecords);
    }

    [Fact]
    public void Summaries_name_every_user_once_and_their_count_is_what_is_enumerated()
    {
        var (states, _) = AfterFirstImport();
        var prepared = Prepare("Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,,Sales\nann@example.com,Ann,Dup,,Sales\nnew@example.com,New,One,,Ops\nboss@example.com,,Ss,,Board\n");

        var plan = prepared.Plan(states, HoldThreshold.Default, Now, UnreadUsers.Merge);

        List<UserSummary> summaries = [.. plan.Summaries];
        Assert.Equal(plan.Summaries.Count, summaries.Count);
        Assert.Equal(["ann@example.com", "bob@example.com", "boss@example.com", "new@example.com"], summaries.Select(s => s.EmailKey).Order());
        Assert.Equal(summaries, RoundTrip(plan.Summaries));
    }

    [Fact]
    public void Digest_round_trips_every_summary()
    {
        UserSummary[] users = [new("ann@example.com", "E1", true, true, false, 42UL), new("pat@example.com", null, false, false, true, ulong.MaxValue)];

        Assert.Equal(users, RoundTrip(users));
    }

    [Fact]
    public void Digest_read_beside_a_file_holds_the_keys_the_file_has_once_and_reads_the_others_as_written()
    {
        var prepared = Prepare("Email,First,Last,Manager,Dept\nAnn@Example.com,Ann,Lee,,Sales\n");
        UserSummary[] users = [new("ann@example.com", null, true, true, false, 42UL), new("zoë.łukasz@example.com", "E9", true, false, false, 7UL)];
        using var bytes = new MemoryStream();
        UserDigest.Serialize(users, bytes);
        bytes.Position = 0;

        var read = UserDigest.Deserialize(bytes, prepared.EmailKeyOf);

        Assert.Equal(users, read);
        Assert.Same(prepared.EmailKeyOf("ann@example.com"), read[0].EmailKey);
        Assert.NotSame(prepared.EmailKeyOf("zoë.łukasz@example.com"), read[1].EmailKey);
    }

    [Fact]
    public void Digest_users_with_one_key_twice_are_planned_as_one_user_in_its_later_state()
    {
        var (states, _) = AfterFirstImport();
        var bob = states.Single(s => s.Key == "bob@example.com").Summary;
        var twice = new DigestUsers([.. states.Select(s => s.Summary), bob with { InputHash = 0 }]);

        var plan = Prepare(File1).Plan(twice, HoldThreshold.Default, Now, UnreadUsers.Merge);

        Assert.Equal(["bob@example.com"], plan.MissingRecords); // the later state: a user the feed never hashed is read
        Assert.Equal(3, plan.Summaries.Count);
    }
}
