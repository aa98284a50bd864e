using System.IO.Compression;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// The mechanism behind the rules: planning against user summaries (the digest, <see cref="DigestUsers"/>), asking
/// for the records a file changes, or patching what it decides into users not read back.
/// </summary>
public sealed class SummaryPlanningTests
{
    private static readonly FeedMapping Mapping = MappingOf((PlatformFields.Managers, "Manager"), (PlatformFields.Custom("dept"), "Dept"));
    private const string File1 = "Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,boss@example.com,Sales\nboss@example.com,Bo,Ss,,Board\nbob@example.com,Bob,Ray,boss@example.com,Ops\n";

    private static PreparedFile Prepare(string csv) => ImportPlanner.Prepare(FeedRows.InMemory(Rows(Mapping, csv)), new FieldLayout(Mapping));

    private static PlanOutcome PlanOf(PreparedFile file, IUserIndex users) => ImportPlanner.Plan(file, users, HoldThreshold.Default, Now);

    /// <summary>The state after a first import: every user's summary, as a later run loads them from the digest, and their records.</summary>
    private static (List<UserSummary> Summaries, Dictionary<string, UserRecord> Records) AfterFirstImport()
    {
        var first = Prepare(File1).PlanAgainst([]);
        var records = first.Changes.ToDictionary(c => EmailAddress.Normalize(c.Email), c => c.User);
        return ([.. first.Summaries], records);
    }

    private static List<UserSummary> RoundTrip(IReadOnlyCollection<UserSummary> users)
    {
        using var bytes = new MemoryStream();
        UserDigest.Serialize(users, bytes);
        bytes.Position = 0;
        return UserDigest.Deserialize(bytes);
    }

    /// <summary>The records of <paramref name="keys"/>, as the runner reads what a plan asked for.</summary>
    private static Dictionary<string, UserRecord> Read(Dictionary<string, UserRecord> records, IEnumerable<string> keys) =>
        keys.ToDictionary(k => k, k => records[k]);

    [Fact]
    public void Same_rows_in_another_order_are_unchanged_without_reading_any_record()
    {
        var (summaries, _) = AfterFirstImport();
        var reordered = "Email,First,Last,Manager,Dept\nbob@example.com,Bob,Ray,boss@example.com,Ops\nboss@example.com,Bo,Ss,,Board\nann@example.com,Ann,Lee,boss@example.com,Sales\n";

        var plan = Assert.IsType<PlanOutcome.Planned>(PlanOf(Prepare(reordered), new DigestUsers(summaries))).Plan;

        Assert.Empty(plan.Changes);
        Assert.False(plan.SummariesChanged);
        Assert.Equal(3, plan.Counts.Unchanged);
        Assert.Equal(summaries.OrderBy(s => s.EmailKey), plan.Summaries.OrderBy(s => s.EmailKey));
    }

    [Fact]
    public void Changed_row_is_merged_into_its_unread_user_with_every_value_the_row_decides()
    {
        var (summaries, _) = AfterFirstImport();
        var prepared = Prepare(File1.Replace("bob@example.com,Bob,Ray,boss@example.com,Ops", "bob@example.com,Bobby,Ray,,", StringComparison.Ordinal));

        var plan = Assert.IsType<PlanOutcome.Planned>(PlanOf(prepared, new DigestUsers(summaries))).Plan;

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        var patch = Assert.IsType<UserChange.Patch>(change).Values;
        Assert.Equal(
            UserValues.Identity | UserValues.Status | UserValues.DerivedManager | UserValues.Managers | UserValues.CustomFields,
            patch.Writes);
        Assert.Equal(["dept"], patch.CustomFields!.Select(f => f.Key));
        Assert.Equal(("Bobby", 0, 0), (patch.Names!.Value.FirstName, patch.CustomFields!.Count(f => f.Value.Length > 0), patch.Managers!.Count)); // the blank Dept clears the field
        Assert.Equal((1, 2), (plan.Counts.Updated, plan.Counts.Unchanged));
    }

    [Fact]
    public void Absent_feed_user_is_deactivated_by_a_merge_of_its_status_without_its_record()
    {
        var (summaries, _) = AfterFirstImport();
        var prepared = Prepare("Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,boss@example.com,Sales\nboss@example.com,Bo,Ss,,Board\n");

        var plan = Assert.IsType<PlanOutcome.Planned>(PlanOf(prepared, new DigestUsers(summaries))).Plan;

        var change = plan.ChangeFor("bob@example.com");
        var patch = Assert.IsType<UserChange.Patch>(change).Values;
        Assert.Equal((ChangeKind.Deactivate, UserValues.Status | UserValues.DerivedManager), (change.Kind, patch.Writes));
        Assert.Equal((InactiveReason.Absence, Now), (patch.Status, patch.UpdatedAt));
        Assert.False(plan.Summaries.Single(s => s.EmailKey == "bob@example.com").Active);
    }

    [Fact]
    public void Status_0_merged_into_unread_users_counts_as_deactivations_and_is_held()
    {
        var mapping = MappingOf((PlatformFields.Status, "Status"));
        PreparedFile PrepareWith(string status) => ImportPlanner.Prepare(
            FeedRows.InMemory(Rows(mapping, "Email,First,Last,Status\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"u{i}@example.com,U{i},Lee,{status}\n")))),
            new FieldLayout(mapping));
        var states = new DigestUsers([.. PrepareWith("1").PlanAgainst([]).Summaries]);

        var plan = Assert.IsType<PlanOutcome.Planned>(PlanOf(PrepareWith("0"), states)).Plan;

        Assert.Equal((30, 0), (plan.Counts.Deactivated, plan.Counts.Updated));
        Assert.All(plan.Changes, c => Assert.Equal(ChangeKind.Deactivate, c.Kind));
        Assert.True(plan.Held);
    }

    /// <summary>
    /// The digest after an admin blocked bob on the platform (which made the digest stale) and the next file, File1 again,
    /// was planned against every record: bob's summary has that row's hash and the block.
    /// </summary>
    private static List<UserSummary> AfterABlockAndAFullRead()
    {
        var (_, records) = AfterFirstImport();
        records["bob@example.com"] = records["bob@example.com"] with { InactiveBecause = InactiveReason.Platform };
        return [.. Prepare(File1).PlanAgainst(records.Values).Summaries];
    }

    [Fact]
    public void Blocked_user_whose_row_changed_is_merged_without_its_record_and_stays_inactive()
    {
        var summaries = AfterABlockAndAFullRead();
        var prepared = Prepare(File1.Replace("bob@example.com,Bob,Ray", "bob@example.com,Bobby,Ray", StringComparison.Ordinal));

        var plan = Assert.IsType<PlanOutcome.Planned>(PlanOf(prepared, new DigestUsers(summaries))).Plan;

        var change = Assert.Single(plan.Changes);
        var patch = Assert.IsType<UserChange.Patch>(change).Values;
        Assert.Equal((ChangeKind.Update, "Bobby", InactiveReason.Platform), (change.Kind, patch.Names!.Value.FirstName, patch.Status));
        Assert.Equal((1, 0, 0), (plan.Counts.Updated, plan.Counts.Reactivated, plan.Counts.Deactivated));
        var warning = Assert.Single(plan.Issues);
        Assert.Equal((3, "Email", "bob@example.com", "blocked-by-platform", IssueSeverity.Warning), (warning.Row, warning.Column, warning.Value, warning.Code, warning.Severity));
        var bob = plan.Summaries.Single(s => s.EmailKey == "bob@example.com");
        Assert.Equal((false, true), (bob.Active, bob.BlockedByPlatform));
    }

    [Fact]
    public void Blocked_user_whose_row_is_unchanged_needs_no_record_and_still_gets_the_warning()
    {
        var summaries = AfterABlockAndAFullRead();

        var plan = Assert.IsType<PlanOutcome.Planned>(PlanOf(Prepare(File1), new DigestUsers(summaries))).Plan;

        Assert.Empty(plan.Changes);
        Assert.False(plan.SummariesChanged);
        Assert.Equal("blocked-by-platform", Assert.Single(plan.Issues).Code);
        Assert.True(summaries.Single(s => s.EmailKey == "bob@example.com") is { Active: false, BlockedByPlatform: true });
    }

    [Fact]
    public void A_changed_mapping_reads_every_record()
    {
        var (summaries, _) = AfterFirstImport();
        var renamed = MappingOf((PlatformFields.Managers, "Manager"), (PlatformFields.Custom("dept"), "Department"));
        var prepared = ImportPlanner.Prepare(FeedRows.InMemory(Rows(renamed, File1.Replace(",Dept\n", ",Department\n", StringComparison.Ordinal))), new FieldLayout(renamed));

        var outcome = PlanOf(prepared, new DigestUsers(summaries));

        Assert.Equal(3, Assert.IsType<PlanOutcome.NeedsRecords>(outcome).EmailKeys.Count); // and so no change at all
    }

    [Fact]
    public void A_user_the_feed_never_hashed_is_read_rather_than_merged()
    {
        var (summaries, _) = AfterFirstImport();
        List<UserSummary> unknown = [.. summaries.Select(s => s.EmailKey == "bob@example.com" ? s with { InputHash = 0 } : s)];
        var prepared = Prepare(File1.Replace("Ops", "Legal", StringComparison.Ordinal));

        Assert.Equal(["bob@example.com"], Assert.IsType<PlanOutcome.NeedsRecords>(PlanOf(prepared, new DigestUsers(unknown))).EmailKeys);
    }

    [Fact]
    public void Summaries_name_every_user_once_and_their_count_is_what_is_enumerated()
    {
        var (summaries, _) = AfterFirstImport();
        var prepared = Prepare("Email,First,Last,Manager,Dept\nann@example.com,Ann,Lee,,Sales\nann@example.com,Ann,Dup,,Sales\nnew@example.com,New,One,,Ops\nboss@example.com,,Ss,,Board\n");

        var plan = PlanOf(prepared, new DigestUsers(summaries)).Planned();

        List<UserSummary> after = [.. plan.Summaries];
        Assert.Equal(plan.Summaries.Count, after.Count);
        Assert.Equal(["ann@example.com", "bob@example.com", "boss@example.com", "new@example.com"], after.Select(s => s.EmailKey).Order());
        Assert.Equal(after, RoundTrip(plan.Summaries));
    }

    [Fact]
    public void Digest_round_trips_every_summary()
    {
        UserSummary[] users = [new("ann@example.com", "E1", true, true, false, 42UL), new("pat@example.com", null, false, false, true, ulong.MaxValue)];

        Assert.Equal(users, RoundTrip(users));
    }

    [Fact]
    public void Digest_round_trips_the_platform_block()
    {
        UserSummary[] users = [new("ann@example.com", "E1", true, false, true, 42UL, BlockedByPlatform: true), new("pat@example.com", null, false, true, false, 7UL)];

        Assert.Equal(users, RoundTrip(users));
    }

    [Fact]
    public void A_summary_with_the_platform_block_still_takes_32_bytes()
    {
        // Two references, the row hash and four bools: the block's bool fits in the padding, so a million users cost what they did.
        Assert.Equal(32, System.Runtime.CompilerServices.Unsafe.SizeOf<UserSummary>());
    }

    [Fact]
    public void Digest_written_before_platform_blocks_existed_reads_every_user_as_not_blocked()
    {
        using var bytes = new MemoryStream();
        using (var zip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(zip))
        {
            // The layout of format 1 as it was written before the block: version, count, then per user the email key,
            // whether an external id follows, the flags (1 feed-created, 2 active, 4 derived manager) and the row hash.
            writer.Write((byte)1);
            writer.Write(2);
            writer.Write("ann@example.com");
            writer.Write(false);
            writer.Write((byte)(1 | 4));
            writer.Write(42UL);
            writer.Write("bob@example.com");
            writer.Write(true);
            writer.Write("E2");
            writer.Write((byte)(1 | 2));
            writer.Write(7UL);
        }

        bytes.Position = 0;

        Assert.Equal(
            [new UserSummary("ann@example.com", null, true, false, true, 42UL), new UserSummary("bob@example.com", "E2", true, true, false, 7UL)],
            UserDigest.Deserialize(bytes));
    }

    [Fact]
    public void Digest_read_beside_a_file_holds_the_keys_the_file_has_once_and_reads_the_others_as_written()
    {
        var prepared = Prepare("Email,First,Last,Manager,Dept\nAnn@Example.com,Ann,Lee,,Sales\n");
        UserSummary[] users = [new("ann@example.com", null, true, true, false, 42UL), new("zoë.łukasz@example.com", "E9", true, false, false, 7UL)];
        using var bytes = new MemoryStream();
        UserDigest.Serialize(users, bytes);
        bytes.Position = 0;

        var read = DigestUsers.Read(bytes, prepared);

        Assert.Equal(users, (UserSummary[])[read.Summary(0), read.Summary(1)]);
        Assert.Same(prepared.EmailKeyOf("ann@example.com"), read.Summary(0).EmailKey);
        Assert.NotSame(prepared.EmailKeyOf("zoë.łukasz@example.com"), read.Summary(1).EmailKey);
    }

    [Fact]
    public void Digest_users_with_one_key_twice_are_planned_as_one_user_in_its_later_state()
    {
        var (summaries, _) = AfterFirstImport();
        var bob = summaries.Single(s => s.EmailKey == "bob@example.com");
        var twice = new DigestUsers([.. summaries, bob with { InputHash = 0 }]);

        var outcome = PlanOf(Prepare(File1), twice);

        Assert.Equal(["bob@example.com"], Assert.IsType<PlanOutcome.NeedsRecords>(outcome).EmailKeys); // the later state: a user the feed never hashed is read
        Assert.Equal(3, twice.Count);
    }

    [Fact]
    public void A_scope_does_not_change_the_row_hashes_so_the_digest_stays_valid()
    {
        var plain = MappingOf();
        var scoped = plain with { Scope = [new ScopeRule("Worker Type", In: ["Employee"])] };
        var csv = "Email,First,Last,Worker Type\nann@example.com,Ann,Lee,Employee\nbob@example.com,Bob,Ray,Employee\n";
        var first = ImportPlanner.Prepare(FeedRows.InMemory(Rows(plain, csv)), new FieldLayout(plain)).PlanAgainst([]);

        var outcome = PlanOf(ImportPlanner.Prepare(FeedRows.InMemory(Rows(scoped, csv)), new FieldLayout(scoped)), new DigestUsers([.. first.Summaries]));

        var plan = Assert.IsType<PlanOutcome.Planned>(outcome).Plan;
        Assert.Empty(plan.Changes);
        Assert.Equal(2, plan.Counts.Unchanged);
    }

    [Fact]
    public void A_changed_transform_changes_the_row_hashes_so_users_are_compared_with_their_records_again()
    {
        var plain = MappingOf();
        var lowered = plain with { Transforms = new Dictionary<string, FieldTransform> { [PlatformFields.Email] = new("lower") } };
        var csv = "Email,First,Last\nANN@example.com,Ann,Lee\n";
        var first = ImportPlanner.Prepare(FeedRows.InMemory(Rows(plain, csv)), new FieldLayout(plain)).PlanAgainst([]);

        var outcome = PlanOf(ImportPlanner.Prepare(FeedRows.InMemory(Rows(lowered, csv)), new FieldLayout(lowered)), new DigestUsers([.. first.Summaries]));

        Assert.IsType<PlanOutcome.NeedsRecords>(outcome); // a summary cannot say whether the lowered email is a change
    }
}

/// <summary>How groups are planned without reading every user: a patch may add groups, never end them.</summary>
public sealed class GroupSummaryPlanningTests
{
    private static readonly FeedMapping Mapping = MappingOf((PlatformFields.Groups, "Groups"));

    private static PreparedFile Prepare(string csv) => ImportPlanner.Prepare(FeedRows.InMemory(Rows(Mapping, csv)), new FieldLayout(Mapping));

    private static List<UserSummary> RoundTrip(IReadOnlyCollection<UserSummary> users)
    {
        using var bytes = new MemoryStream();
        UserDigest.Serialize(users, bytes);
        bytes.Position = 0;
        return UserDigest.Deserialize(bytes);
    }

    [Fact]
    public void The_digest_says_which_users_have_feed_groups()
    {
        var first = Prepare("Email,First,Last,Groups\nann@example.com,Ann,Lee,Sales\nbob@example.com,Bob,Ray,\n").PlanAgainst([]);

        var summaries = RoundTrip([.. first.Summaries]).ToDictionary(s => s.EmailKey);

        Assert.True(summaries["ann@example.com"].HasFeedGroups);
        Assert.False(summaries["bob@example.com"].HasFeedGroups);
    }

    [Fact]
    public void Unchanged_groups_need_no_record_and_cost_nothing()
    {
        var csv = "Email,First,Last,Groups\nann@example.com,Ann,Lee,Sales|Ops\n";
        var summaries = RoundTrip([.. Prepare(csv).PlanAgainst([]).Summaries]);

        var plan = Assert.IsType<PlanOutcome.Planned>(ImportPlanner.Plan(Prepare(csv.Replace("Sales|Ops", "ops,SALES", StringComparison.Ordinal)), new DigestUsers(summaries), HoldThreshold.Default, Now)).Plan;

        Assert.Empty(plan.Changes);
        Assert.False(plan.SummariesChanged);
    }

    [Fact]
    public void Changed_row_of_a_user_with_feed_groups_asks_for_their_record()
    {
        var summaries = RoundTrip([.. Prepare("Email,First,Last,Groups\nann@example.com,Ann,Lee,Sales\n").PlanAgainst([]).Summaries]);

        var outcome = ImportPlanner.Plan(Prepare("Email,First,Last,Groups\nann@example.com,Ann,Lee,Ops\n"), new DigestUsers(summaries), HoldThreshold.Default, Now);

        Assert.Equal(["ann@example.com"], Assert.IsType<PlanOutcome.NeedsRecords>(outcome).EmailKeys);
    }

    [Fact]
    public void User_without_feed_groups_is_patched_with_the_groups_their_row_adds()
    {
        var summaries = RoundTrip([.. Prepare("Email,First,Last,Groups\nann@example.com,Ann,Lee,\n").PlanAgainst([]).Summaries]);

        var plan = Assert.IsType<PlanOutcome.Planned>(ImportPlanner.Plan(Prepare("Email,First,Last,Groups\nann@example.com,Ann,Lee,Sales\n"), new DigestUsers(summaries), HoldThreshold.Default, Now)).Plan;

        var patch = Assert.IsType<UserChange.Patch>(Assert.Single(plan.Changes));
        Assert.Equal([GroupNames.Id("Sales")], patch.Values.FeedGroups);
        Assert.True(Assert.Single(plan.Summaries).HasFeedGroups);
    }
}
