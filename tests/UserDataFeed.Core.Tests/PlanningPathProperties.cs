using System.Globalization;
using System.IO.Compression;
using System.Text;
using FsCheck.Xunit;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// The two ways a file is planned agree: against every user's full record (<see cref="FullRecords"/>), and against the
/// digest the previous file left (<see cref="DigestUsers"/>), reading the records the plan asks for and patching users
/// it did not read (<see cref="InMemoryUsers.Merge"/>, as the store merges).
/// Driven as <c>ImportPlanning</c> and <c>ImportRunner</c> drive it: the first file of each <see cref="FileSequence"/>
/// is planned against full records and written, its plan's summaries are the digest (through its bytes); the second is
/// planned both ways and each plan written, whole or paused and continued.
/// </summary>
public sealed class PlanningPathProperties
{
    private static readonly DateTimeOffset FirstRun = Builders.Now, SecondRun = Builders.Now.AddDays(2);

    private static readonly HistorySource Import = HistorySource.OfImport("second", "second.csv");

    [Property(Arbitrary = [typeof(PlanningPathArbitraries)], MaxTest = 200)]
    public void Planning_on_the_digest_writes_the_users_and_histories_planning_on_full_records_writes(FileSequence sequence)
    {
        if (AfterFirstFile(sequence) is not var (users, digest))
        {
            return;
        }

        var policy = PolicyOf(sequence);
        var full = ImportPlanner.Plan(Prepare(sequence.SecondScenario), new FullRecords(users), policy, SecondRun).Planned();
        var expected = InMemoryUsers.ApplyChanges(users, full.Changes);
        DigestSaysWhatTheRecordsDo(full, expected, "full records");

        // Users known only by summary are patched; a user's history tells each patch from the values before it.
        var (merged, _) = PlanOnDigest(sequence, users, digest);
        Same("history entries (digest, patched)", Histories(full.Changes, users), Histories(merged.Changes, users));
        if (KnownDifferences.PatchMovesNoValue(users, merged))
        {
            return;
        }

        var mergedUsers = InMemoryUsers.ApplyChanges(users, merged.Changes);
        Same("users (digest, patched)", Contents(expected), Contents(mergedUsers));
        Assert.Equal(full.Counts, merged.Counts);
        DigestSaysWhatTheRecordsDo(merged, mergedUsers, "digest, patched");
    }

    [Property(Arbitrary = [typeof(PlanningPathArbitraries)], MaxTest = 200)]
    public void A_run_on_the_digest_paused_and_continued_writes_the_users_the_whole_run_writes(FileSequence sequence)
    {
        if (AfterFirstFile(sequence) is not var (users, digest))
        {
            return;
        }

        var policy = PolicyOf(sequence);
        var full = ImportPlanner.Plan(Prepare(sequence.SecondScenario), new FullRecords(users), policy, SecondRun).Planned();
        var expected = InMemoryUsers.ApplyChanges(users, full.Changes);
        var (plan, digestAlone) = PlanOnDigest(sequence, users, digest);
        if (plan.Changes.Count == 0 || KnownDifferences.PatchMovesNoValue(users, plan))
        {
            return;
        }

        var skip = sequence.Written % plan.Changes.Count; // a run that wrote every change is not paused
        var paused = InMemoryUsers.ApplyChanges(users, plan.Changes.Take(skip));

        // ImportRunner: a plan made against the digest alone is made again and its first changes skipped, when it comes
        // out the same (ImportPlanning.ReplanAsync); else the rest is planned against the records as written so far.
        var again = digestAlone
            ? ImportPlanner.Plan(Prepare(sequence.SecondScenario), new DigestUsers(digest), policy, SecondRun) as PlanOutcome.Planned
            : null;
        var replayed = again is { Plan: var replanned } && replanned.Changes.Count == plan.Changes.Count && replanned.Counts == plan.Counts ? replanned : null;
        List<UserChange> rest = replayed is not null
            ? [.. replayed.Changes.After(skip)]
            : [.. ImportPlanner.Plan(Prepare(sequence.SecondScenario), new FullRecords(paused), policy, SecondRun).Planned().Changes];
        var continued = InMemoryUsers.ApplyChanges(paused, rest);

        var how = $"paused after {skip} of {plan.Changes.Count} change(s), {(replayed is null ? "rest planned on the records" : "plan made again")}";
        Same($"users ({how})", Contents(expected), Contents(continued));
        Same($"history entries ({how})", Histories(full.Changes, users), [.. Histories(plan.Changes.Take(skip), users).Concat(Histories(rest, paused)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The tenant's grace period, for the second import unless <paramref name="importId"/> names another.</summary>
    private static FeedPolicy PolicyOf(FileSequence sequence, string importId = "second") =>
        new(HoldThreshold.Never) { DeactivateAfterMissingFiles = sequence.DeactivateAfterMissingFiles, ImportId = importId };

    /// <summary>The file as the service prepares it: from its bytes, read again for the changes.</summary>
    private static PreparedFile Prepare(Scenario scenario)
    {
        var layout = scenario.Layout;
        return ImportPlanner.Prepare(FeedRows.FromFile(new MemoryStream(Encoding.UTF8.GetBytes(scenario.Csv)), layout), layout);
    }

    /// <summary>
    /// The users after the first file, and the digest its run saved; null when the file is refused as a whole or the
    /// digest is not current when the second file comes.
    /// </summary>
    private static (List<UserRecord> Users, List<UserSummary> Digest)? AfterFirstFile(FileSequence sequence)
    {
        var file = Prepare(sequence.First);
        if (file.Rejection is not null)
        {
            return null;
        }

        var plan = ImportPlanner.Plan(file, new FullRecords(sequence.First.Users), PolicyOf(sequence, "first"), FirstRun).Planned();
        var users = InMemoryUsers.ApplyChanges(sequence.First.Users, plan.Changes);
        DigestSaysWhatTheRecordsDo(plan, users, "first file");

        // Between the files the dates poller (DateChanges) writes the users whose dates fell due, and a digest it wrote
        // past is no longer current: the second file is then planned on every record, and there is no other path to compare.
        if (users.Any(u => ImportPlanner.WhenADateFallsDue(u, SecondRun) is not null))
        {
            return null;
        }

        using var bytes = new MemoryStream();
        UserDigest.Serialize(plan.Summaries, bytes);
        bytes.Position = 0;
        return (users, UserDigest.Deserialize(bytes));
    }

    /// <summary>
    /// Plans on the digest as ImportPlanning does: when the plan asks for records, they are read (those that exist) and it
    /// is planned again. Also whether it was made on the digest alone (a continuation can make it again).
    /// </summary>
    private static (ImportPlan Plan, bool DigestAlone) PlanOnDigest(FileSequence sequence, List<UserRecord> users, List<UserSummary> digest)
    {
        var file = Prepare(sequence.SecondScenario);
        var summaries = new DigestUsers(digest);
        var outcome = ImportPlanner.Plan(file, summaries, PolicyOf(sequence), SecondRun);
        if (outcome is not PlanOutcome.NeedsRecords { EmailKeys: var missing })
        {
            return (outcome.Planned(), true);
        }

        var wanted = missing.ToHashSet(StringComparer.Ordinal);
        var records = users.Where(u => wanted.Contains(EmailAddress.Normalize(u.Email))).ToDictionary(u => EmailAddress.Normalize(u.Email), StringComparer.Ordinal);
        var again = ImportPlanner.Plan(file, summaries.WithRecords(records), PolicyOf(sequence), SecondRun);
        Assert.True(again is PlanOutcome.Planned, $"with the records it asked for read, the plan still asks for {again}");
        return (again.Planned(), false);
    }

    /// <summary>The plan's summaries (the next digest) say of each user what their record says, the input hash aside.</summary>
    private static void DigestSaysWhatTheRecordsDo(ImportPlan plan, List<UserRecord> users, string path)
    {
        List<string> ofRecords = [.. users.Select(u => UserSummary.From(u, 0).ToString()).Order(StringComparer.Ordinal)];
        List<string> ofPlan = [.. plan.Summaries.Select(s => (s with { InputHash = 0 }).ToString()).Order(StringComparer.Ordinal)];
        Same($"digest vs records ({path})", ofRecords, ofPlan);
    }

    private static List<string> Contents(IEnumerable<UserRecord> users) => [.. users.Select(Content).Order(StringComparer.Ordinal)];

    /// <summary>Everything of a user, with the id of a user the file created as "new" (each plan draws its own).</summary>
    private static string Content(UserRecord user) =>
        PlanningPathArbitraries.Describe(user) + string.Create(CultureInfo.InvariantCulture,
            $" email-as-written={user.Email} missed-in={user.MissedInImport ?? "-"} id={IdOf(user.UserId)} created={user.CreatedAt:O} updated={user.UpdatedAt:O}");

    private static string IdOf(string userId) => userId.StartsWith("id-", StringComparison.Ordinal) ? userId : "new";

    /// <summary>
    /// The history entries a plan's changes make, as a user's history reads them (<c>HistoryRows.Replay</c>): each change
    /// against the values the user had before it (<paramref name="before"/>), a patch merged into them as the store merges it.
    /// </summary>
    private static List<string> Histories(IEnumerable<UserChange> changes, List<UserRecord> before)
    {
        var byKey = before.ToDictionary(u => EmailAddress.Normalize(u.Email), StringComparer.Ordinal);
        return
        [
            .. changes
                .Select(change => change switch
                {
                    UserChange.Create create => UserHistory.EntryOf(null, create.User, change.Cause, Import, create.User.UpdatedAt),
                    UserChange.Replace replace => UserHistory.EntryOf(byKey[EmailAddress.Normalize(replace.PreviousEmail ?? replace.Email)], replace.User, change.Cause, Import, replace.User.UpdatedAt),
                    UserChange.Patch patch => UserHistory.EntryOf(byKey[EmailAddress.Normalize(patch.Email)], InMemoryUsers.Merge(byKey[EmailAddress.Normalize(patch.Email)], patch.Values), change.Cause, Import, patch.Values.UpdatedAt),
                    _ => null,
                })
                .OfType<HistoryEntry>()
                .Select(e => string.Create(CultureInfo.InvariantCulture, $"{IdOf(e.UserId)} {e.Email} {e.At:O} {e.Change}: ")
                    + string.Join("; ", e.Fields.Select(f => $"{f.Field} {f.From ?? "∅"} → {f.To ?? "∅"}{(f.Reason is null ? "" : $" ({f.Reason})")}")))
                .Order(StringComparer.Ordinal),
        ];
    }

    private static void Same(string what, List<string> expected, List<string> actual) =>
        Assert.True(expected.SequenceEqual(actual, StringComparer.Ordinal),
            $"{what} differ.\nonly on full records:\n  {string.Join("\n  ", expected.Except(actual, StringComparer.Ordinal))}\nonly on this path:\n  {string.Join("\n  ", actual.Except(expected, StringComparer.Ordinal))}");

    /// <summary>
    /// Where the paths are known to differ, found by these properties and reported, not yet decided: each predicate names
    /// the cases it passes over, so that the properties hold everywhere else. Deleting one shows its counterexample.
    /// </summary>
    private static class KnownDifferences
    {
        /// <summary>
        /// A row whose inputs changed (its hash differs from the summary's) but whose outcome is what the user already has
        /// (say the status column went from "No" to "active" while a passed end date, or the platform's block, keeps the
        /// user inactive either way): full records find the user unchanged; the digest path, which cannot compare values
        /// it did not read, patches them (UpdatedAt moves, and the import counts one more update).
        /// </summary>
        public static bool PatchMovesNoValue(List<UserRecord> users, ImportPlan plan)
        {
            var byKey = users.ToDictionary(u => EmailAddress.Normalize(u.Email), StringComparer.Ordinal);
            return plan.Changes.OfType<UserChange.Patch>().Any(p =>
                byKey.TryGetValue(EmailAddress.Normalize(p.Email), out var stored) && InMemoryUsers.Merge(stored, p.Values).SameContentAs(stored));
        }
    }
}
