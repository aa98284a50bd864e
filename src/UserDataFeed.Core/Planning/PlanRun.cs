using System.IO.Hashing;
using System.Runtime.InteropServices;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// One planning of a <see cref="PreparedFile"/> against the users: matching (externalId first), changes,
/// absence, derived managers, the hold, and the users' new summaries. A user known only by summary needs
/// no record when its row hashes the same as the row that last produced it; otherwise it is listed in
/// <see cref="ImportPlan.MissingRecords"/> and the caller plans again with that record read.
/// </summary>
internal sealed class PlanRun
{
    private readonly PreparedFile file;
    private readonly FieldLayout layout;
    private readonly Dictionary<string, UserState> byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserState> byExternalId = new(StringComparer.Ordinal);
    private readonly List<RowIssue> issues;
    private readonly List<string> missing = [];
    private readonly UserState?[] matched;
    private readonly bool[] failed;
    private readonly RowHasher hasher = new();
    private readonly ulong layoutSeed;

    public PlanRun(PreparedFile file, IEnumerable<UserState> users)
    {
        this.file = file;
        layout = file.Layout;
        issues = [.. file.Issues];
        foreach (var user in users)
        {
            byKey[user.Key] = user;
            if (user.Summary.ExternalId is { Length: > 0 } externalId)
            {
                byExternalId[externalId] = user;
            }
        }

        layoutSeed = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(string.Join('\0', layout.Fields.Concat(layout.Columns)).AsSpan()));
        matched = new UserState?[file.Rows.Count];
        failed = [.. file.Rows.Select(r => r.Failed)];
    }

    private bool ByExternalId => layout.ExternalId >= 0;

    public ImportPlan Build(HoldThreshold threshold, DateTimeOffset now)
    {
        var present = Resolve();
        var known = KnownAfterwards();
        var changes = new List<UserChange>();
        var summaries = new Dictionary<string, UserSummary>(byKey.Count + file.Rows.Count, StringComparer.Ordinal);
        var renamedAway = new HashSet<string>(StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0, deactivated = 0, reactivated = 0;

        for (var i = 0; i < file.Rows.Count; i++)
        {
            var row = file.Rows[i];
            var existing = matched[i];
            if (failed[i])
            {
                continue;
            }

            var links = LinkManagers(row, known);
            var derived = file.ListedManagers.Contains(row.EmailKey!);
            var hash = InputHash(row, links, derived);
            if (existing is null)
            {
                var user = Apply(row, null, links, derived, now);
                changes.Add(new UserChange(ChangeKind.Create, user));
                summaries[row.EmailKey!] = UserSummary.From(user, hash);
                created++;
                continue;
            }

            if (existing.Key != row.EmailKey)
            {
                renamedAway.Add(existing.Key);
            }

            if (existing.Record is null)
            {
                if (existing.Summary.InputHash == hash)
                {
                    summaries[row.EmailKey!] = existing.Summary;
                    unchanged++;
                }
                else
                {
                    missing.Add(existing.Key);
                }

                continue;
            }

            var next = Apply(row, existing.Record, links, derived, now);
            summaries[row.EmailKey!] = UserSummary.From(next, hash);
            if (next.SameContentAs(existing.Record))
            {
                unchanged++;
                continue;
            }

            var kind = !existing.Record.Active && next.Active ? ChangeKind.Reactivate : ChangeKind.Update;
            changes.Add(new UserChange(kind, next with { UpdatedAt = now }, existing.Key == row.EmailKey ? null : existing.Key));
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
            var absent = summary.FeedCreated && summary.Active && !present.Contains(user.Key);
            if (!absent && derivedNow == summary.DerivedManager)
            {
                summaries[user.Key] = summary;
                continue;
            }

            if (user.Record is null)
            {
                missing.Add(user.Key);
                continue;
            }

            var next = user.Record with { DerivedManager = derivedNow, UpdatedAt = now };
            if (absent)
            {
                next = next with { Active = false, DeactivatedForAbsence = true };
                deactivated++;
            }
            else
            {
                updated++;
            }

            changes.Add(new UserChange(absent ? ChangeKind.Deactivate : ChangeKind.Update, next));
            summaries[user.Key] = UserSummary.From(next, 0);
        }

        List<RowIssue> ordered = [.. issues.OrderBy(i => i.Row)]; // stable: a row's issues keep the order they were found in
        var errors = ordered.Count(i => i.Severity == IssueSeverity.Error);
        var counts = new ImportCounts(file.Rows.Count, created, updated, unchanged, deactivated, reactivated, errors, ordered.Count - errors);
        return new ImportPlan(changes, counts, ordered, HoldReason(deactivated, activeFeedUsers, threshold))
        {
            MissingRecords = missing,
            Summaries = [.. summaries.Values],
            SummariesChanged = summaries.Count != byKey.Count
                || summaries.Any(s => !byKey.TryGetValue(s.Key, out var before) || before.Summary != s.Value),
        };
    }

    /// <summary>Finds each row's user; returns the keys of users present in the file, including users of rows in error.</summary>
    private HashSet<string> Resolve()
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Rows.Count; i++)
        {
            var row = file.Rows[i];
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
                issues.Add(new RowIssue(row.Row, layout.ColumnOf(layout.Email), row.Values[layout.Email], "email-taken",
                    byMail.Summary.ExternalId is null
                        ? "This email belongs to another user."
                        : "This email belongs to another user, who has a different external id.",
                    IssueSeverity.Error));
            }

            matched[i] = user;
        }

        return present;
    }

    /// <summary>The users that exist once the file is applied: renamed users under their new email, created users added.</summary>
    private HashSet<string> KnownAfterwards()
    {
        var known = new HashSet<string>(byKey.Keys, StringComparer.Ordinal);
        for (var i = 0; i < file.Rows.Count; i++)
        {
            if (!failed[i] && matched[i] is { } renamed)
            {
                known.Remove(renamed.Key);
            }
        }

        for (var i = 0; i < file.Rows.Count; i++)
        {
            if (!failed[i])
            {
                known.Add(file.Rows[i].EmailKey!);
            }
        }

        return known;
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

    private List<string>? LinkManagers(ParsedRow row, HashSet<string> known)
    {
        if (layout.Managers < 0)
        {
            return null;
        }

        var links = new List<string>(row.ManagerKeys.Count);
        foreach (var manager in row.ManagerKeys)
        {
            if (manager == row.EmailKey)
            {
                Warning(row, manager, "self-manager", "A user cannot be their own manager; the link was skipped.");
            }
            else if (!known.Contains(manager))
            {
                Warning(row, manager, "unknown-manager", "This manager is not a user of the tenant (nor created by this file); the link was skipped.");
            }
            else
            {
                links.Add(manager);
            }
        }

        return links;
    }

    private void Warning(ParsedRow row, string value, string code, string message) =>
        issues.Add(new RowIssue(row.Row, layout.ColumnOf(layout.Managers), value, code, message, IssueSeverity.Warning));

    private UserRecord Apply(ParsedRow row, UserRecord? existing, List<string>? links, bool derived, DateTimeOffset now)
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
            UserId = existing?.UserId ?? Guid.NewGuid().ToString("N"),
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

    private static readonly string[] RoleDigits = [.. Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// A hash of everything a row decides about its user (the mapping's columns, the values, the resolved
    /// manager links, the derived Manager role). Applying the same inputs to the state they produced
    /// changes nothing, so equal hashes mean "unchanged" without reading the record. Never 0.
    /// </summary>
    private ulong InputHash(ParsedRow row, List<string>? links, bool derived)
    {
        hasher.Start(layoutSeed);
        hasher.Add(row.Email!);
        hasher.Add(row.FirstName);
        hasher.Add(row.LastName);
        hasher.Add(row.Active ? "1" : "0");
        hasher.Add(layout.Roles >= 0 ? RoleDigits[(int)row.FeedRoles] : "-");
        hasher.Add(ByExternalId ? row.ExternalId! : "-");
        hasher.Add(derived ? "M" : "-");
        foreach (var (_, index) in layout.CustomFields)
        {
            hasher.Add(row.Values[index]);
        }

        if (links is not null)
        {
            foreach (var link in links)
            {
                hasher.Add(link);
            }
        }

        var value = hasher.Finish();
        return value == 0 ? 1 : value;
    }

    /// <summary>Hashes a sequence of values (each ended by a NUL) in one pass over a reused buffer.</summary>
    private sealed class RowHasher
    {
        private readonly char[] buffer = new char[2048];
        private int length;
        private ulong hash;

        public void Start(ulong seed)
        {
            length = 0;
            hash = seed;
        }

        public void Add(string value)
        {
            if (length + value.Length + 1 > buffer.Length)
            {
                Flush();
            }

            if (value.Length + 1 > buffer.Length)
            {
                hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(value.AsSpan()), (long)hash);
                return;
            }

            value.CopyTo(0, buffer, length, value.Length);
            length += value.Length;
            buffer[length++] = '\0';
        }

        public ulong Finish()
        {
            Flush();
            return hash;
        }

        private void Flush()
        {
            hash = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(buffer.AsSpan(0, length)), (long)hash);
            length = 0;
        }
    }
}
