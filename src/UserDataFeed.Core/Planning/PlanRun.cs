using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// One planning of a <see cref="PreparedFile"/> against the users: matching (externalId first), changes,
/// absence, derived managers, the hold, and the users' new summaries. A user known only by summary needs
/// no record when its row hashes the same as the row that last produced it; otherwise it is listed in
/// <see cref="ImportPlan.MissingRecords"/> and the caller plans again with that record read.
/// With <see cref="UnreadUsers.Merge"/> it changes such a user without the record instead, when the summary
/// says enough: it merges the values the row decides (or, for absence, the status) into the stored user.
/// The plan keeps, per row, only the kind of change it makes; the changed users are made again from the
/// file when the plan's changes are enumerated.
/// </summary>
internal sealed partial class PlanRun
{
    /// <summary>The bits of a row hash that carry the mapping's tag.</summary>
    private const ulong LayoutTagMask = 0xFFFF;

    private readonly PreparedFile file;
    private readonly FieldLayout layout;
    private readonly UnreadUsers unread;
    private readonly IReadOnlyList<UserState> users;
    private readonly Dictionary<string, int> userOfKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> userOfExternalId = new(StringComparer.Ordinal);
    private readonly List<RowIssue> issues;
    private readonly PendingIssues pending;
    private readonly List<string> missing = [];
    private readonly bool[] failed;

    /// <summary>Per row: the index of its user, or -1.</summary>
    private readonly int[] matched;

    /// <summary>Per row: the change it makes (<see cref="ChangeKind"/> + 1; 0 for none), once planned.</summary>
    private readonly byte[] rowChanges;

    /// <summary>Per row that applies: the hash of its inputs, for its summary.</summary>
    private readonly ulong[] rowHashes;

    /// <summary>Per row that applies: its user keeps the summary it had (unchanged, or its record is missing).</summary>
    private readonly bool[] keepsSummary;

    /// <summary>Per user: what becomes of the summary.</summary>
    private UserOutcome[] userOutcomes = [];
    private readonly List<UserChange> absenceChanges = [];
    private readonly List<string> linkBuffer = [];
    private readonly RowHasher hasher = new();
    private readonly Guid userIdSeed = Guid.NewGuid();
    private bool[] present = [];
    private bool[] takenOver = [];
    private bool[] renamedAway = [];
    private DateTimeOffset now;

    public PlanRun(PreparedFile file, IEnumerable<UserState> states, UnreadUsers unread)
    {
        this.file = file;
        this.unread = unread;
        layout = file.Layout;
        issues = [.. file.Issues];
        pending = new PendingIssues(layout);
        users = states is DigestUsers digest && IndexesOnce(digest) ? digest : Deduplicated(states);
        failed = new bool[file.Rows.Count];
        for (var i = 0; i < failed.Length; i++)
        {
            failed[i] = file.Rows[i].Failed;
        }

        matched = new int[file.Rows.Count];
        rowChanges = new byte[file.Rows.Count];
        rowHashes = new ulong[file.Rows.Count];
        keepsSummary = new bool[file.Rows.Count];
    }

    /// <summary>Indexes a digest's users, which are used as they are (not copied) when no two have the same key, as is always so.</summary>
    private bool IndexesOnce(DigestUsers list)
    {
        userOfKey.EnsureCapacity(list.Count); // sized once: a million users grown by doubling would hold two copies
        for (var u = 0; u < list.Count; u++)
        {
            var user = list[u];
            if (!userOfKey.TryAdd(user.Key, u))
            {
                userOfKey.Clear();
                userOfExternalId.Clear();
                return false;
            }

            if (user.Summary.ExternalId is { Length: > 0 } externalId)
            {
                userOfExternalId[externalId] = u;
            }
        }

        return true;
    }

    /// <summary>Users with one state per key: a later state of a key replaces the earlier one.</summary>
    private List<UserState> Deduplicated(IEnumerable<UserState> states)
    {
        var count = states.TryGetNonEnumeratedCount(out var known) ? known : 0;
        var kept = new List<UserState>(count);
        userOfKey.EnsureCapacity(count);
        foreach (var user in states)
        {
            if (userOfKey.TryGetValue(user.Key, out var index))
            {
                kept[index] = user;
            }
            else
            {
                userOfKey[user.Key] = kept.Count;
                kept.Add(user);
            }

            if (user.Summary.ExternalId is { Length: > 0 } externalId)
            {
                userOfExternalId[externalId] = userOfKey[user.Key];
            }
        }

        return kept;
    }

    private enum UserOutcome : byte
    {
        /// <summary>Keeps its summary.</summary>
        Kept,

        /// <summary>A row that applies gives its summary.</summary>
        TakenOver,

        /// <summary>Absence or the derived Manager role changed it.</summary>
        ChangedByAbsence,
    }

    private bool ByExternalId => layout.ExternalId >= 0;

    public ImportPlan Build(HoldThreshold threshold, DateTimeOffset now)
    {
        this.now = now;
        Resolve();
        SettleUsers();
        var rows = file.Rows;
        var summaryCount = 0;
        var summariesChanged = false;
        int created = 0, updated = 0, unchanged = 0, deactivated = 0, reactivated = 0;
        void Count(ChangeKind kind) => _ = kind switch
        {
            ChangeKind.Reactivate => reactivated++,
            ChangeKind.Deactivate => deactivated++,
            _ => updated++,
        };

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
            var hash = InputHash(row, links);
            rowHashes[i] = hash;
            summaryCount++;
            if (matched[i] < 0)
            {
                SetChange(i, ChangeKind.Create);
                summariesChanged = true;
                created++;
                continue;
            }

            var existing = users[matched[i]];
            UserSummary next;
            if (existing.Record is null)
            {
                if (existing.Summary.InputHash == hash)
                {
                    keepsSummary[i] = true;
                    next = existing.Summary;
                    unchanged++;
                }
                else if (CanMergeRow(existing, row))
                {
                    // The row's inputs differ from those that made the user, so the values it decides change.
                    var kind = KindOfUpdate(existing.Summary.Active, row.Active);
                    SetChange(i, kind);
                    Count(kind);
                    next = RowSummary(i);
                }
                else
                {
                    missing.Add(existing.Key);
                    keepsSummary[i] = true;
                    next = existing.Summary;
                }
            }
            else
            {
                var user = Apply(ImportPlanner.ParseValues(raw, layout), existing.Record, links, row.Derived, newUserId: null);
                next = RowSummary(i);
                if (user.SameContentAs(existing.Record))
                {
                    unchanged++;
                }
                else
                {
                    var kind = KindOfUpdate(existing.Record.Active, user.Active);
                    SetChange(i, kind);
                    Count(kind);
                }
            }

            summariesChanged |= next != existing.Summary;
        }

        var activeManaged = 0;
        userOutcomes = new UserOutcome[users.Count];
        for (var u = 0; u < users.Count; u++)
        {
            var user = users[u];
            var summary = user.Summary;
            if (summary.Active && (summary.FeedCreated || present[u]))
            {
                activeManaged++;
            }

            if (present[u])
            {
                // Only rows in error named it (unchanged), or a row that applies took it over.
                userOutcomes[u] = takenOver[u] ? UserOutcome.TakenOver : UserOutcome.Kept;
                summaryCount += takenOver[u] ? 0 : 1;
                continue;
            }

            summaryCount++;
            var derivedNow = file.ListedManagers.Contains(user.Key);
            var absent = summary.FeedCreated && summary.Active;
            if (!absent && derivedNow == summary.DerivedManager)
            {
                continue;
            }

            if (user.Record is null && unread != UnreadUsers.Merge)
            {
                missing.Add(user.Key);
                continue;
            }

            _ = absent ? deactivated++ : updated++;
            absenceChanges.Add(AbsenceChange(user, absent, derivedNow));
            userOutcomes[u] = UserOutcome.ChangedByAbsence;
            summariesChanged = true;
        }

        pending.AddTo(issues, file.ReadAgain);
        List<RowIssue> ordered = [.. issues.OrderBy(i => i.Row)]; // stable: a row's issues keep the order they were found in
        var errors = ordered.Count(i => i.Severity == IssueSeverity.Error);
        var counts = new ImportCounts(rows.Count, created, updated, unchanged, deactivated, reactivated, errors, ordered.Count - errors);
        var changes = new MadeOnDemand<UserChange>(created + updated + reactivated + deactivated, () => MakeChanges(skip: 0));
        return new ImportPlan(changes, counts, ordered, HoldReason(deactivated, activeManaged, threshold))
        {
            SkippingChanges = skip => MakeChanges(skip),
            MissingRecords = missing,
            Summaries = new MadeOnDemand<UserSummary>(summaryCount, MakeSummaries),
            SummariesChanged = summariesChanged,
        };
    }

    private void SetChange(int row, ChangeKind kind) => rowChanges[row] = (byte)(kind + 1);

    /// <summary>A listed user's change: the status column can deactivate as surely as absence can, and the hold judges both.</summary>
    private static ChangeKind KindOfUpdate(bool wasActive, bool isActive) => (wasActive, isActive) switch
    {
        (false, true) => ChangeKind.Reactivate,
        (true, false) => ChangeKind.Deactivate,
        _ => ChangeKind.Update,
    };

    /// <summary>
    /// Whether a changed row's values can be merged into its unread user: the summary's hash was made under
    /// this mapping (it carries the mapping's tag; 0 means the inputs are unknown) and the row keeps the email.
    /// </summary>
    private bool CanMergeRow(UserState existing, RowEntry row) =>
        unread == UnreadUsers.Merge
        && existing.Summary.InputHash != 0
        && (existing.Summary.InputHash & LayoutTagMask) == (file.LayoutSeed & LayoutTagMask)
        && existing.Key == row.EmailKey;

    /// <summary>Finds each row's user, and marks the users the file names (rows in error included).</summary>
    private void Resolve()
    {
        present = new bool[users.Count];
        var rows = file.Rows;
        List<int>? takenFrom = null; // the users whose email a row was refused
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var byId = row.ExternalId is { } id && userOfExternalId.TryGetValue(id, out var u) ? u : -1;
            var byMail = row.EmailKey is { } key && userOfKey.TryGetValue(key, out var m) ? m : -1;
            int user;
            if (!ByExternalId)
            {
                user = byMail;
            }
            else if (row.ExternalId is null)
            {
                user = -1; // a row without its matching key names nobody
            }
            else
            {
                user = byId >= 0 ? byId : byMail >= 0 && users[byMail].Summary.ExternalId is null ? byMail : -1;
            }

            if (user >= 0)
            {
                present[user] = true;
            }

            if (!failed[i] && ByExternalId && byMail >= 0 && byMail != user)
            {
                failed[i] = true;
                (takenFrom ??= []).Add(byMail);
                pending.Add(i, layout.Email, "email-taken",
                    users[byMail].Summary.ExternalId is null
                        ? "This email belongs to another user."
                        : "This email belongs to another user, who has a different external id.");
            }

            matched[i] = user;
        }

        if (takenFrom is not null)
        {
            KeepEmailsOthersClaim(takenFrom);
        }
    }

    /// <summary>
    /// A row that changes its user's email while another row of the file was refused that email (it was taken)
    /// is an error too: applied, it would free the email, and the same file applied again would give it to the
    /// other row. Neither row applies, so the file has the same outcome each time (found by fuzzing, docs/fuzzing.md).
    /// </summary>
    private void KeepEmailsOthersClaim(List<int> takenFrom)
    {
        var claimed = new HashSet<int>(takenFrom);
        var rows = file.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            if (!failed[i] && matched[i] >= 0 && claimed.Contains(matched[i]) && users[matched[i]].Key != rows[i].EmailKey)
            {
                failed[i] = true;
                pending.Add(i, layout.Email, "email-change-blocked",
                    "Another row of this file has this user's current email; neither row was applied.");
            }
        }
    }

    /// <summary>Marks the users a row that applies takes over (their summary comes from the row), and those it renames away.</summary>
    private void SettleUsers()
    {
        takenOver = new bool[users.Count];
        renamedAway = new bool[users.Count];
        var rows = file.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            if (!failed[i] && matched[i] >= 0)
            {
                takenOver[matched[i]] = true;
                renamedAway[matched[i]] |= users[matched[i]].Key != rows[i].EmailKey;
            }
        }
    }

    /// <summary>
    /// A user who exists once the file is applied: created or kept by a row that applies (its first row with
    /// the email; if that one is in error, so is every row with it), or there before and not renamed away.
    /// </summary>
    private bool KnownAfterwards(string key) =>
        (file.RowOfEmail.TryGetValue(key, out var row) && !failed[row])
        || (userOfKey.TryGetValue(key, out var user) && !renamedAway[user]);

    private bool NeedsValues()
    {
        for (var i = 0; i < matched.Length; i++)
        {
            if (!failed[i] && matched[i] >= 0 && users[matched[i]].Record is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The safety hold: every deactivation the file would make (absence and the status column alike), against the
    /// active users the feed manages (those it created, and those the file lists).
    /// </summary>
    private string? HoldReason(int deactivations, int activeManaged, HoldThreshold threshold)
    {
        if (threshold.Enabled && file.Rows.Count == 0 && activeManaged > 0)
        {
            return $"The file has no data rows while the tenant has {activeManaged} active feed user(s); applying it would deactivate all of them.";
        }

        return threshold.IsExceeded(deactivations, activeManaged)
            ? $"The file would deactivate {deactivations} of {activeManaged} active users the feed manages, more than the safety threshold ({threshold.Percent}% and more than {threshold.Minimum} users)."
            : null;
    }

    /// <summary>
    /// The row's manager links that hold, in <paramref name="links"/> (cleared first); the skipped ones become
    /// warnings when <paramref name="issues"/> is given. Null when managers are not mapped.
    /// </summary>
    private List<string>? LinkManagers(RowEntry row, List<RowIssue>? issues, List<string> links)
    {
        if (layout.Managers < 0)
        {
            return null;
        }

        links.Clear();
        for (var m = row.ManagersStart; m < row.ManagersStart + row.ManagersCount; m++)
        {
            var manager = file.ManagerKeys[m];
            if (!KnownAfterwards(manager))
            {
                issues?.Add(ManagerWarning(row, manager, "unknown-manager", "This manager is not a user of the tenant (nor created by this file); the link was skipped."));
            }
            else
            {
                links.Add(manager);
            }
        }

        return links;
    }

    private RowIssue ManagerWarning(RowEntry row, string value, string code, string message) =>
        new(row.Row, layout.ColumnOf(layout.Managers), value, code, message, IssueSeverity.Warning);

    /// <summary>
    /// A hash of everything a row decides about its user: its own values (hashed when the file was first
    /// read, seeded by the mapping), the derived Manager role and the resolved manager links. Applying the
    /// same inputs to the state they produced changes nothing, so equal hashes mean "unchanged" without
    /// reading the record. Its low 16 bits are the mapping's tag, so a summary tells which mapping made it. Never 0.
    /// </summary>
    private ulong InputHash(RowEntry row, List<string>? links)
    {
        hasher.Start(row.ValuesHash);
        hasher.Add(row.Derived ? "M" : "-");
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
