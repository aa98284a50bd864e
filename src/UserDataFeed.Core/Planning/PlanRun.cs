using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The storage of one planning of a <see cref="PreparedFile"/> against an <see cref="IUserIndex"/>, and the loops
/// that apply <see cref="ImportPlanner"/>'s rules over it. It keeps flat arrays per row and per user (a million of
/// each must fit beside the digest), and per row only the kind of change it makes: the changed users are made again
/// from the file when the plan's changes are enumerated (<c>PlanRun.Output.cs</c>).
/// A user known only by summary needs no record when its row hashes the same as the row that last produced it;
/// otherwise, when the summary says enough, what the row decides is patched into it, and else its record is asked for
/// (<see cref="MissingRecords"/>).
/// </summary>
internal sealed partial class PlanRun
{
    /// <summary>The bits of a row hash that carry the mapping's tag.</summary>
    private const ulong LayoutTagMask = 0xFFFF;

    private readonly PreparedFile file;
    private readonly FieldLayout layout;
    private readonly IUserIndex users;
    private readonly FeedPolicy policy;
    private readonly DateTimeOffset now;
    private readonly List<RowIssue> issues;
    private readonly PendingIssues pending;
    private readonly List<string> missing = [];

    /// <summary>Per row: in error (from the file, or once matched against the users).</summary>
    private readonly bool[] failed;

    /// <summary>Per row: the position of its user, or -1.</summary>
    private readonly int[] matched;

    /// <summary>Per row that applies: what it does to its user (<see cref="ImportPlanner.DecideListed"/>).</summary>
    private readonly ListedVerdict[] verdicts;

    /// <summary>Per row that applies: the hash of its inputs, for its summary.</summary>
    private readonly ulong[] rowHashes;

    /// <summary>Per row that applies: its user keeps the summary it had (unchanged, or its record is missing).</summary>
    private readonly bool[] keepsSummary;

    /// <summary>Per user: what the file does with them.</summary>
    private readonly UserMarks[] marks;

    /// <summary>The users the file does not list whom it changes, in user order, each with what was decided for them.</summary>
    private readonly List<(int User, UnlistedVerdict Verdict)> unlistedVerdicts = [];
    private readonly List<string> linkBuffer = [];
    private readonly RowHasher hasher = new();
    private readonly Guid userIdSeed = Guid.NewGuid();
    private int summaryCount;
    private bool summariesChanged;
    private readonly PlanTally tally = new();

    public PlanRun(PreparedFile file, IUserIndex users, FeedPolicy policy, DateTimeOffset now)
    {
        this.file = file;
        this.users = users;
        this.policy = policy;
        this.now = now;
        layout = file.Layout;
        issues = [.. file.Issues];
        pending = new PendingIssues(layout);
        var rows = file.Rows.Count;
        failed = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            failed[i] = file.Rows[i].Failed;
        }

        matched = new int[rows];
        verdicts = new ListedVerdict[rows];
        rowHashes = new ulong[rows];
        keepsSummary = new bool[rows];
        marks = new UserMarks[users.Count];
    }

    [Flags]
    private enum UserMarks : byte
    {
        None = 0,

        /// <summary>Some row names the user (rows in error included): present, so not absent.</summary>
        Listed = 1,

        /// <summary>A row that applies gives the user's summary.</summary>
        TakenOver = 2,

        /// <summary>A row that applies moves the user to another email.</summary>
        RenamedAway = 4,
    }

    /// <summary>Users known only by summary whose records the plan needs.</summary>
    public IReadOnlyList<string> MissingRecords => missing;

    private bool ByExternalId => layout.ExternalId >= 0;

    /// <summary>Finds each row's user, marks the users the file names, and the rows the users make errors.</summary>
    public void MatchEachRow()
    {
        var rows = file.Rows;
        HashSet<int>? claimed = null; // the users whose email a row was refused
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var externalId = file.ExternalIdOf(i);
            var withExternalId = externalId is { } id ? users.WithExternalId(id) : -1;
            var withEmail = row.EmailKey is { } key ? users.WithEmailKey(key) : -1;
            var user = policy.Request is { } request
                ? ImportPlanner.RequestMatchesTheUserItNames(request.NamedUserEmailKey is { } named ? users.WithEmailKey(named) : -1)
                : ImportPlanner.MatchingUser(ByExternalId, externalId, withExternalId, withEmail, withEmail >= 0 ? users.Summary(withEmail).ExternalId : null);
            if (user >= 0)
            {
                marks[user] |= UserMarks.Listed;
            }

            if (!failed[i] && ImportPlanner.EmailBelongsToAnotherUser(ByExternalId || policy.Request is not null, user, withEmail))
            {
                failed[i] = true;
                (claimed ??= []).Add(withEmail);
                pending.Add(i, layout.Email, "email-taken",
                    users.Summary(withEmail).ExternalId is null
                        ? "This email belongs to another user."
                        : "This email belongs to another user, who has a different external id.");
            }

            matched[i] = user;
        }

        for (var i = 0; claimed is not null && i < rows.Count; i++)
        {
            if (!failed[i] && matched[i] >= 0
                && ImportPlanner.EmailChangeIsBlockedByAClaim(claimed.Contains(matched[i]), users.Summary(matched[i]).EmailKey, rows[i].EmailKey))
            {
                failed[i] = true;
                pending.Add(i, layout.Email, "email-change-blocked",
                    "Another row of this file has this user's current email; neither row was applied.");
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (!failed[i] && matched[i] >= 0)
            {
                marks[matched[i]] |= UserMarks.TakenOver
                    | (users.Summary(matched[i]).EmailKey != rows[i].EmailKey ? UserMarks.RenamedAway : UserMarks.None);
            }
        }
    }

    /// <summary>Decides, for each row that applies, the change it makes to its user (or that it makes none).</summary>
    public void DecideEachListedUser()
    {
        var rows = file.Rows;

        // Rows matched to a full record are compared value by value, so only then is the file read again here.
        using var again = NeedsValues() ? file.ReadAgain().GetEnumerator() : null;
        for (var i = 0; i < rows.Count; i++)
        {
            var raw = again is not null && again.MoveNext() ? again.Current.Row : default;
            if (failed[i])
            {
                continue;
            }

            var row = rows[i];
            var links = LinkManagers(row, issues, linkBuffer);
            var hash = InputHash(i, links);
            rowHashes[i] = hash;
            summaryCount++;
            var user = matched[i];
            var summary = user < 0 ? default : users.Summary(user);
            var record = user < 0 ? null : users.Record(user);
            var status = StatusOnceApplied(i, user >= 0 && BlockedByPlatform(user));
            if (status.Because == InactiveReason.Platform && RowStatus(i).Because == InactiveReason.None)
            {
                pending.Add(i, layout.Status >= 0 ? layout.Status : layout.Email, "blocked-by-platform",
                    "An admin deactivated this user on the platform, so they stay inactive whatever the file says; the row's other values were applied. Setting them active on the platform lifts the block.",
                    IssueSeverity.Warning);
            }

            if (user >= 0 && record is null && !ImportPlanner.SameInputsAsTheRowThatMadeTheUser(summary, hash) && !CanPatch(summary, row))
            {
                // The row changes a user whom no patch can write: their record is asked for, and the row planned again with it.
                missing.Add(summary.EmailKey);
                keepsSummary[i] = true;
                continue;
            }

            var unchanged = record is null
                ? user >= 0 && ImportPlanner.SameInputsAsTheRowThatMadeTheUser(summary, hash)
                : ImportPlanner.UnchangedUserIsNotRewritten(ImportPlanner.NewState(ImportPlanner.ParseValues(raw, layout), record, status, links, DerivedRole(i), layout, now, newUserId: null), record);
            var verdict = ImportPlanner.DecideListed(user, record?.Active ?? summary.Active, unchanged, status);
            verdicts[i] = verdict;
            if (verdict.Kind is { } kind)
            {
                tally.Change(kind);
            }
            else
            {
                tally.NoChange();
            }

            // A user known by summary whom the row leaves as they were keeps their summary (their hash says what they are).
            keepsSummary[i] = record is null && unchanged;
            summariesChanged |= user < 0 || (!keepsSummary[i] && RowSummary(i) != summary);
        }
    }

    /// <summary>Decides what the file does to each user it does not list: absence (and its grace period) and the derived Manager role.</summary>
    public void DecideEachUnlistedUser()
    {
        for (var u = 0; u < users.Count; u++)
        {
            var summary = users.Summary(u);
            var listed = marks[u].HasFlag(UserMarks.Listed);
            if (ImportPlanner.ManagedByTheFeed(summary, listed))
            {
                tally.Managed();
            }

            if (listed)
            {
                // Only rows in error named it (unchanged), or a row that applies took it over.
                summaryCount += marks[u].HasFlag(UserMarks.TakenOver) ? 0 : 1;
                continue;
            }

            summaryCount++;
            var record = users.Record(u);
            if (ImportPlanner.DecideUnlisted(summary, record, file, policy) is not { } verdict)
            {
                continue;
            }

            if (verdict.PendingDeactivation)
            {
                tally.Miss();
            }
            else
            {
                tally.Change(verdict.Kind);
            }

            unlistedVerdicts.Add((u, verdict));
            summariesChanged = true;
        }
    }

    /// <summary>The plan: issues in row order, counts, the hold, and the changes and summaries made on demand.</summary>
    public ImportPlan ToPlan(HoldThreshold threshold)
    {
        pending.AddTo(issues, file.ReadAgain);
        List<RowIssue> ordered = [.. issues.OrderBy(i => i.Row)]; // stable: a row's issues keep the order they were found in
        IssuesNameTheirRowsUser(ordered);
        var errors = ordered.Count(i => i.Severity == IssueSeverity.Error);
        var counts = new ImportCounts(file.RowCount + file.OutOfScope, tally.Created, tally.Updated, tally.Unchanged, tally.Deactivated, tally.Reactivated, errors, ordered.Count - errors)
        {
            OutOfScope = file.OutOfScope,
            PendingDeactivation = tally.PendingDeactivation,
            Groups = file.Groups.Count,
        };
        var changes = new PlannedChanges(tally.Changes, MakeChanges);
        return new ImportPlan(changes, counts, ordered, ImportPlanner.SafetyHold(file.RowCount, file.OutOfScope, tally.Deactivated, tally.ActiveManaged, threshold))
        {
            Summaries = new MadeOnDemand<UserSummary>(summaryCount, MakeSummaries),
            SummariesChanged = summariesChanged,
            Groups = file.Groups,
        };
    }

    /// <summary>Gives each issue its row's user (<see cref="RowIssue.User"/>); both the issues and the rows are in row order.</summary>
    private void IssuesNameTheirRowsUser(List<RowIssue> ordered)
    {
        var rows = file.Rows;
        var r = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            while (r < rows.Count && rows[r].Row < ordered[i].Row)
            {
                r++;
            }

            if (r < rows.Count && rows[r].Row == ordered[i].Row && (rows[r].EmailKey ?? file.ExternalIdOf(r)) is { } user)
            {
                ordered[i] = ordered[i] with { User = user };
            }
        }
    }

    /// <summary>
    /// Whether a changed row's values can be patched into its unread user: the summary's hash
    /// was made under this mapping (it carries the mapping's tag; 0 means the inputs are unknown), the row keeps the email
    /// and, with groups mapped, the user has no feed groups. Not a rule but what a patch can write: a merge into an unread
    /// user adds memberships, and cannot know which to end.
    /// </summary>
    private bool CanPatch(in UserSummary existing, in RowEntry row) =>
        existing.InputHash != 0
        && (existing.InputHash & LayoutTagMask) == (file.LayoutSeed & LayoutTagMask)
        && existing.EmailKey == row.EmailKey
        && (layout.Groups < 0 || !existing.HasFeedGroups);

    private bool NeedsValues()
    {
        for (var i = 0; i < matched.Length; i++)
        {
            if (!failed[i] && matched[i] >= 0 && users.Record(matched[i]) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The row's manager links that hold (<see cref="ImportPlanner.ManagerMustBeAUser"/>), in <paramref name="links"/>
    /// (cleared first); the skipped ones become warnings when <paramref name="issues"/> is given. Null when managers are not mapped.
    /// </summary>
    private List<string>? LinkManagers(in RowEntry row, List<RowIssue>? issues, List<string> links)
    {
        if (layout.Managers < 0)
        {
            return null;
        }

        links.Clear();
        for (var m = row.ManagersStart; m < row.ManagersStart + row.ManagersCount; m++)
        {
            var manager = file.ManagerKeys[m];
            var made = file.RowOfEmail.Find(manager) is var first and >= 0 && !failed[first];
            if (ImportPlanner.ManagerMustBeAUser(made, thereAndNotRenamedAway: !made && ThereAndNotRenamedAway(manager))) // looked up only when needed
            {
                links.Add(manager);
            }
            else
            {
                issues?.Add(new RowIssue(row.Row, layout.ColumnOf(layout.Managers), manager, "unknown-manager",
                    "This manager is not a user of the tenant (nor created by this file); the link was skipped.", IssueSeverity.Warning));
            }
        }

        return links;
    }

    /// <summary>
    /// Whether row <paramref name="i"/>'s user has the derived Manager role once it applies: as the file lists managers
    /// (<see cref="ImportPlanner.DerivedManagerRole"/>, decided when the file was prepared), or, for a client's request, as
    /// <see cref="ImportPlanner.RequestsOnlyGiveTheDerivedManagerRole"/>.
    /// </summary>
    private bool DerivedRole(int i) => policy.Request is null
        ? file.Rows[i].Derived
        : ImportPlanner.RequestsOnlyGiveTheDerivedManagerRole(matched[i] >= 0 && users.Summary(matched[i]).DerivedManager, file.Rows[i].Derived);

    /// <summary>The status the row gives its user as its status column and dates say now, the platform's block aside.</summary>
    private ListedStatus RowStatus(int i) => StatusOnceApplied(i, blockedByPlatform: false);

    /// <summary>Row <paramref name="i"/>'s <see cref="ImportPlanner.StatusOnceTheRowApplies"/>, from the dates the prepared file keeps.</summary>
    private ListedStatus StatusOnceApplied(int i, bool blockedByPlatform) =>
        ImportPlanner.StatusOnceTheRowApplies(blockedByPlatform, file.Rows[i].Active, file.Dates?[i].StartsAt, file.Dates?[i].EndsAt, now);

    /// <summary>Whether the platform blocks the user: as their record says when it was read, else as their summary does.</summary>
    private bool BlockedByPlatform(int user) => users.Record(user)?.BlockedByPlatform ?? users.Summary(user).BlockedByPlatform;

    private bool ThereAndNotRenamedAway(string emailKey) =>
        users.WithEmailKey(emailKey) is var user and >= 0 && !marks[user].HasFlag(UserMarks.RenamedAway);

    /// <summary>
    /// A hash of everything a row decides about its user: its own values (hashed when the file was first
    /// read, seeded by the mapping), the derived Manager role and the resolved manager links. Applying the
    /// same inputs to the state they produced changes nothing, so equal hashes mean "unchanged" without
    /// reading the record. With dates mapped, whether they leave the user active now counts too. Its low 16 bits are the mapping's tag, so a summary tells which mapping made it. Never 0.
    /// </summary>
    private ulong InputHash(int i, List<string>? links)
    {
        var row = file.Rows[i];
        hasher.Start(row.ValuesHash);
        hasher.Add(DerivedRole(i) ? "M" : "-");
        if (file.Dates is not null)
        {
            // The dates' verdict changes as time passes, the row's values do not.
            hasher.Add(RowStatus(i).Because switch { InactiveReason.None => "D", InactiveReason.EndDatePassed => "e", InactiveReason.StartDateToCome => "s", _ => "d" });
        }

        if (links is not null)
        {
            foreach (var link in links)
            {
                hasher.Add(link);
            }
        }

        var tagged = (hasher.Finish() & ~LayoutTagMask) | (file.LayoutSeed & LayoutTagMask);
        return tagged == 0 ? LayoutTagMask + 1 : tagged;
    }
}
