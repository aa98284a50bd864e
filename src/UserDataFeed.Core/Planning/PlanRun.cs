using System.Buffers.Binary;
using System.IO.Hashing;
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
internal sealed class PlanRun
{
    private readonly PreparedFile file;
    /// <summary>The bits of a row hash that carry the mapping's tag.</summary>
    private const ulong LayoutTagMask = 0xFFFF;

    private readonly FieldLayout layout;
    private readonly Dictionary<string, UserState> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserState> byExternalId = new(StringComparer.Ordinal);
    private readonly List<RowIssue> issues;
    private readonly PendingIssues pending;
    private readonly List<string> missing = [];
    private readonly UserState?[] matched;
    private readonly bool[] failed;
    private readonly ChangeKind?[] rowChanges;
    private readonly List<UserChange> absenceChanges = [];
    private readonly HashSet<string> fileKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> renamedAway = new(StringComparer.Ordinal);
    private readonly RowHasher hasher = new();
    private readonly Guid userIdSeed = Guid.NewGuid();
    private readonly UnreadUsers unread;
    private DateTimeOffset now;

    public PlanRun(PreparedFile file, IEnumerable<UserState> users, UnreadUsers unread)
    {
        this.file = file;
        this.unread = unread;
        layout = file.Layout;
        issues = [.. file.Issues];
        pending = new PendingIssues(layout);
        foreach (var user in users)
        {
            byKey[user.Key] = user;
            if (user.Summary.ExternalId is { Length: > 0 } externalId)
            {
                byExternalId[externalId] = user;
            }
        }

        matched = new UserState?[file.Rows.Count];
        failed = [.. file.Rows.Select(r => r.Failed)];
        rowChanges = new ChangeKind?[file.Rows.Count];
    }

    private bool ByExternalId => layout.ExternalId >= 0;

    public ImportPlan Build(HoldThreshold threshold, DateTimeOffset now)
    {
        this.now = now;
        var present = Resolve();
        SettleKeys();
        var rows = file.Rows;
        var summaries = new Dictionary<string, UserSummary>(byKey.Count + rows.Count, StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0, deactivated = 0, reactivated = 0;

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
            var existing = matched[i];
            var links = LinkManagers(row, issues);
            var derived = file.ListedManagers.Contains(row.EmailKey!);
            var hash = InputHash(row, links, derived);
            if (existing is null)
            {
                rowChanges[i] = ChangeKind.Create;
                summaries[row.EmailKey!] = new UserSummary(row.EmailKey!, ByExternalId ? row.ExternalId : null, FeedCreated: true, row.Active, derived, hash);
                created++;
                continue;
            }

            if (existing.Record is null)
            {
                if (existing.Summary.InputHash == hash)
                {
                    summaries[row.EmailKey!] = existing.Summary;
                    unchanged++;
                }
                else if (CanMergeRow(existing, row))
                {
                    // The row's inputs differ from those that made the user, so the values it decides change.
                    var merged = !existing.Summary.Active && row.Active ? ChangeKind.Reactivate : ChangeKind.Update;
                    rowChanges[i] = merged;
                    _ = merged == ChangeKind.Reactivate ? reactivated++ : updated++;
                    var externalId = ByExternalId ? row.ExternalId : existing.Summary.ExternalId;
                    summaries[row.EmailKey!] = new UserSummary(row.EmailKey!, externalId, existing.Summary.FeedCreated, row.Active, derived, hash);
                }
                else
                {
                    missing.Add(existing.Key);
                }

                continue;
            }

            var next = Apply(ImportPlanner.Parse(raw, layout, null, null), existing.Record, links, derived, newUserId: null);
            summaries[row.EmailKey!] = UserSummary.From(next, hash);
            if (next.SameContentAs(existing.Record))
            {
                unchanged++;
                continue;
            }

            var kind = !existing.Record.Active && next.Active ? ChangeKind.Reactivate : ChangeKind.Update;
            rowChanges[i] = kind;
            _ = kind == ChangeKind.Reactivate ? reactivated++ : updated++;
        }

        var activeFeedUsers = 0;
        foreach (var user in byKey.Values)
        {
            var summary = user.Summary;
            if (summary.FeedCreated && summary.Active)
            {
                activeFeedUsers++;
            }

            if (present.Contains(user.Key))
            {
                if (!renamedAway.Contains(user.Key))
                {
                    summaries.TryAdd(user.Key, summary); // only rows in error named it: unchanged
                }

                continue;
            }

            var derivedNow = file.ListedManagers.Contains(user.Key);
            var absent = summary.FeedCreated && summary.Active;
            if (!absent && derivedNow == summary.DerivedManager)
            {
                summaries[user.Key] = summary;
                continue;
            }

            if (user.Record is null && unread != UnreadUsers.Merge)
            {
                missing.Add(user.Key);
                continue;
            }

            _ = absent ? deactivated++ : updated++;
            var change = AbsenceChange(user, absent, derivedNow);
            absenceChanges.Add(change);
            summaries[user.Key] = new UserSummary(user.Key, summary.ExternalId, summary.FeedCreated, change.User.Active, derivedNow, 0);
        }

        pending.AddTo(issues, file.ReadAgain);
        List<RowIssue> ordered = [.. issues.OrderBy(i => i.Row)]; // stable: a row's issues keep the order they were found in
        var errors = ordered.Count(i => i.Severity == IssueSeverity.Error);
        var counts = new ImportCounts(rows.Count, created, updated, unchanged, deactivated, reactivated, errors, ordered.Count - errors);
        var changes = new PlannedChanges(created + updated + reactivated + deactivated, MakeChanges);
        return new ImportPlan(changes, counts, ordered, HoldReason(deactivated, activeFeedUsers, threshold))
        {
            MissingRecords = missing,
            Summaries = [.. summaries.Values],
            SummariesChanged = summaries.Count != byKey.Count
                || summaries.Any(s => !byKey.TryGetValue(s.Key, out var before) || before.Summary != s.Value),
        };
    }

    /// <summary>The plan's changes, in row order and then the users the file does not list: the changed rows' users are made again from the file.</summary>
    private IEnumerable<UserChange> MakeChanges()
    {
        if (Array.Exists(rowChanges, c => c is not null))
        {
            foreach (var (i, raw) in file.ReadAgain())
            {
                if (rowChanges[i] is not { } kind)
                {
                    continue;
                }

                var row = file.Rows[i];
                var existing = matched[i];
                var links = LinkManagers(row, issues: null);
                var derived = file.ListedManagers.Contains(row.EmailKey!);
                var parsed = ImportPlanner.Parse(raw, layout, null, null);
                if (existing is null)
                {
                    yield return new UserChange(kind, Apply(parsed, null, links, derived, NewUserId(i)));
                }
                else if (existing.Record is null)
                {
                    // A merge: the placeholders of the unread user (id, creation, platform roles) are not written.
                    var user = Apply(parsed, null, links, derived, newUserId: "") with
                    {
                        CreatedBy = existing.Summary.FeedCreated ? CreatedBy.Feed : CreatedBy.Platform,
                    };
                    yield return new UserChange(kind, user) { MergedValues = RowMergedValues(), MergedFieldKeys = [.. layout.CustomFields.Select(f => f.Key)] };
                }
                else
                {
                    var user = Apply(parsed, existing.Record, links, derived, newUserId: null);
                    yield return new UserChange(kind, user with { UpdatedAt = now }, existing.Key == row.EmailKey ? null : existing.Key);
                }
            }
        }

        foreach (var change in absenceChanges)
        {
            yield return change;
        }
    }

    /// <summary>
    /// Whether a changed row's values can be merged into its unread user: the summary's hash was made under
    /// this mapping (it carries the mapping's tag; 0 means the inputs are unknown) and the row keeps the email.
    /// </summary>
    private bool CanMergeRow(UserState existing, RowEntry row) =>
        unread == UnreadUsers.Merge
        && existing.Summary.InputHash != 0
        && (existing.Summary.InputHash & LayoutTagMask) == (file.LayoutSeed & LayoutTagMask)
        && existing.Key == row.EmailKey;

    /// <summary>Every value a row decides (those of its mapping's fields), merged into a user the plan did not read.</summary>
    private UserValues RowMergedValues() =>
        UserValues.Identity | UserValues.Status | UserValues.DerivedManager
        | (ByExternalId ? UserValues.ExternalId : UserValues.None)
        | (layout.Roles >= 0 ? UserValues.FeedRoles : UserValues.None)
        | (layout.Managers >= 0 ? UserValues.Managers : UserValues.None)
        | (layout.CustomFields.Count > 0 ? UserValues.CustomFields : UserValues.None);

    /// <summary>A user the file does not list: deactivated for absence, or only their derived Manager role changes.</summary>
    private UserChange AbsenceChange(UserState user, bool absent, bool derivedNow)
    {
        var kind = absent ? ChangeKind.Deactivate : ChangeKind.Update;
        if (user.Record is { } record)
        {
            var next = record with { DerivedManager = derivedNow, UpdatedAt = now };
            return new UserChange(kind, absent ? next with { Active = false, DeactivatedForAbsence = true } : next);
        }

        var merged = new UserRecord
        {
            UserId = "",
            Email = user.Key,
            FirstName = "",
            LastName = "",
            Active = !absent && user.Summary.Active,
            DeactivatedForAbsence = absent,
            ExternalId = user.Summary.ExternalId,
            DerivedManager = derivedNow,
            CreatedBy = user.Summary.FeedCreated ? CreatedBy.Feed : CreatedBy.Platform,
            UpdatedAt = now,
        };
        return new UserChange(kind, merged) { MergedValues = (absent ? UserValues.Status : UserValues.None) | UserValues.DerivedManager };
    }

    /// <summary>Finds each row's user; returns the keys of users present in the file, including users of rows in error.</summary>
    private HashSet<string> Resolve()
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var rows = file.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var byId = row.ExternalId is { } id ? byExternalId.GetValueOrDefault(id) : null;
            var byMail = row.EmailKey is { } key ? byKey.GetValueOrDefault(key) : null;
            UserState? user;
            if (!ByExternalId)
            {
                user = byMail;
            }
            else if (row.ExternalId is null)
            {
                user = null; // a row without its matching key names nobody
            }
            else
            {
                user = byId ?? (byMail?.Summary.ExternalId is null ? byMail : null);
            }

            if (user is not null)
            {
                present.Add(user.Key);
            }

            if (!failed[i] && ByExternalId && byMail is not null && !ReferenceEquals(byMail, user))
            {
                failed[i] = true;
                pending.Add(i, layout.Email, "email-taken",
                    byMail.Summary.ExternalId is null
                        ? "This email belongs to another user."
                        : "This email belongs to another user, who has a different external id.");
            }

            matched[i] = user;
        }

        return present;
    }

    /// <summary>The emails the applied rows give their users, and the old emails of users they rename.</summary>
    private void SettleKeys()
    {
        var rows = file.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            if (failed[i])
            {
                continue;
            }

            fileKeys.Add(rows[i].EmailKey!);
            if (matched[i] is { } user && user.Key != rows[i].EmailKey)
            {
                renamedAway.Add(user.Key);
            }
        }
    }

    /// <summary>A user who exists once the file is applied: created or renamed by it, or there before and not renamed away.</summary>
    private bool KnownAfterwards(string key) => fileKeys.Contains(key) || (byKey.ContainsKey(key) && !renamedAway.Contains(key));

    private bool NeedsValues()
    {
        for (var i = 0; i < matched.Length; i++)
        {
            if (!failed[i] && matched[i]?.Record is not null)
            {
                return true;
            }
        }

        return false;
    }

    private string? HoldReason(int deactivations, int activeFeedUsers, HoldThreshold threshold)
    {
        if (threshold.Enabled && file.Rows.Count == 0 && activeFeedUsers > 0)
        {
            return $"The file has no data rows while the tenant has {activeFeedUsers} active feed user(s); applying it would deactivate all of them.";
        }

        return threshold.IsExceeded(deactivations, activeFeedUsers)
            ? $"The file would deactivate {deactivations} of {activeFeedUsers} active feed users, more than the safety threshold ({threshold.Percent}% and more than {threshold.Minimum} users)."
            : null;
    }

    /// <summary>The row's manager links that hold; the skipped ones become warnings when <paramref name="issues"/> is given.</summary>
    private List<string>? LinkManagers(RowEntry row, List<RowIssue>? issues)
    {
        if (layout.Managers < 0)
        {
            return null;
        }

        var links = new List<string>(row.ManagerKeys.Length);
        foreach (var manager in row.ManagerKeys)
        {
            if (manager == row.EmailKey)
            {
                issues?.Add(ManagerWarning(row, manager, "self-manager", "A user cannot be their own manager; the link was skipped."));
            }
            else if (!KnownAfterwards(manager))
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

    private UserRecord Apply(ParsedRow row, UserRecord? existing, List<string>? links, bool derived, string? newUserId)
    {
        var fields = existing?.CustomFields ?? UserRecord.EmptyFields;
        if (layout.CustomFields.Count > 0)
        {
            var updated = new Dictionary<string, string>(fields, StringComparer.Ordinal);
            foreach (var (key, index) in layout.CustomFields)
            {
                var value = row.Values[index];
                if (value.Length == 0)
                {
                    updated.Remove(key);
                }
                else
                {
                    updated[key] = value;
                }
            }

            fields = updated;
        }

        return new UserRecord
        {
            UserId = existing?.UserId ?? newUserId!,
            Email = row.Email!,
            FirstName = row.FirstName,
            LastName = row.LastName,
            Active = row.Active,
            DeactivatedForAbsence = false,
            ExternalId = ByExternalId ? row.ExternalId : existing?.ExternalId,
            CustomFields = fields,
            PlatformRoles = existing?.PlatformRoles ?? Roles.None,
            FeedRoles = layout.Roles >= 0 ? row.FeedRoles : existing?.FeedRoles ?? Roles.None,
            DerivedManager = derived,
            Managers = links ?? existing?.Managers ?? [],
            CreatedBy = existing?.CreatedBy ?? CreatedBy.Feed,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = existing?.UpdatedAt ?? now,
        };
    }

    /// <summary>A new user's id: random per plan, the same each time the plan's changes are made.</summary>
    private string NewUserId(int index)
    {
        Span<byte> input = stackalloc byte[20];
        userIdSeed.TryWriteBytes(input);
        BinaryPrimitives.WriteInt32LittleEndian(input[16..], index);
        return new Guid(XxHash128.Hash(input)).ToString("N");
    }

    /// <summary>
    /// A hash of everything a row decides about its user: its own values (hashed when the file was first
    /// read, seeded by the mapping), the derived Manager role and the resolved manager links. Applying the
    /// same inputs to the state they produced changes nothing, so equal hashes mean "unchanged" without
    /// reading the record. Its low 16 bits are the mapping's tag, so a summary tells which mapping made it. Never 0.
    /// </summary>
    private ulong InputHash(RowEntry row, List<string>? links, bool derived)
    {
        hasher.Start(row.ValuesHash);
        hasher.Add(derived ? "M" : "-");
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
