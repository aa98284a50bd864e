using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The feed rules of SPEC §3 as one pure function: (file rows, mapping layout, current users) → plan.
/// No I/O and no clock: <paramref name="now"/> stamps what it creates or changes.
/// </summary>
public static class ImportPlanner
{
    public static ImportPlan Plan(
        IEnumerable<FeedRow> rows,
        FieldLayout layout,
        IEnumerable<UserRecord> currentUsers,
        HoldThreshold threshold,
        DateTimeOffset now)
    {
        var state = new PlanState(layout, currentUsers);
        var parsed = new List<ParsedRow>();
        foreach (var row in rows)
        {
            parsed.Add(state.Parse(row));
        }

        state.MarkDuplicates(parsed);
        state.Resolve(parsed);
        return state.Build(parsed, threshold, now);
    }

    /// <summary>A row after the per-row rules; <see cref="Failed"/> rows leave their user unchanged.</summary>
    private sealed class ParsedRow(int row)
    {
        public int Row { get; } = row;

        public bool Failed { get; set; }

        public string? Email { get; set; }

        public string? EmailKey { get; set; }

        public string? ExternalId { get; set; }

        public string FirstName { get; set; } = "";

        public string LastName { get; set; } = "";

        public bool Active { get; set; } = true;

        public Roles FeedRoles { get; set; }

        public List<string> ManagerKeys { get; set; } = [];

        public string[] Values { get; set; } = [];

        public UserRecord? Existing { get; set; }

        public string MatchKey => ExternalId ?? EmailKey!;
    }

    private sealed class PlanState
    {
        private readonly FieldLayout layout;
        private readonly Dictionary<string, UserRecord> byEmail = new(StringComparer.Ordinal);
        private readonly Dictionary<string, UserRecord> byExternalId = new(StringComparer.Ordinal);
        private readonly HashSet<string> present = new(StringComparer.Ordinal);
        private readonly HashSet<string> listedManagers = new(StringComparer.Ordinal);
        private readonly List<RowIssue> issues = [];

        public PlanState(FieldLayout layout, IEnumerable<UserRecord> users)
        {
            this.layout = layout;
            foreach (var user in users)
            {
                byEmail[EmailAddress.Normalize(user.Email)] = user;
                if (user.ExternalId is { Length: > 0 } externalId)
                {
                    byExternalId[externalId] = user;
                }
            }
        }

        private bool ByExternalId => layout.ExternalId >= 0;

        public ParsedRow Parse(FeedRow row)
        {
            var values = row.Values;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = values[i].Trim();
            }

            var parsed = new ParsedRow(row.Row) { Values = values };
            var email = values[layout.Email];
            if (email.Length == 0)
            {
                Error(parsed, layout.Email, "missing-email", "The email is blank; every row needs one.");
            }
            else if (!EmailAddress.IsValid(email))
            {
                Error(parsed, layout.Email, "invalid-email", "This is not a valid email address.");
            }
            else
            {
                parsed.Email = email;
                parsed.EmailKey = EmailAddress.Normalize(email);
            }

            if (ByExternalId)
            {
                var externalId = values[layout.ExternalId];
                if (externalId.Length == 0)
                {
                    Error(parsed, layout.ExternalId, "missing-external-id", "The external id is blank; it is the matching key of this feed.");
                }
                else
                {
                    parsed.ExternalId = externalId;
                }
            }

            parsed.FirstName = Required(parsed, layout.FirstName, "missing-first-name", "The first name is blank.");
            parsed.LastName = Required(parsed, layout.LastName, "missing-last-name", "The last name is blank.");

            if (layout.Status >= 0)
            {
                var status = values[layout.Status];
                if (RowValues.ParseStatus(status) is { } active)
                {
                    parsed.Active = active;
                }
                else
                {
                    Error(parsed, layout.Status, status.Length == 0 ? "missing-status" : "invalid-status",
                        "The status must be 1 or 0 (also accepted: active/inactive, true/false, yes/no).");
                }
            }

            if (layout.Roles >= 0)
            {
                var (roles, unknown) = RowValues.ParseRoles(values[layout.Roles]);
                parsed.FeedRoles = roles & ~Roles.Learner;
                foreach (var name in unknown)
                {
                    Warning(parsed.Row, layout.Roles, name, "unknown-role",
                        $"'{name}' is not a known role (Learner, Manager, Administrator); it was ignored.");
                }
            }

            if (layout.Managers >= 0)
            {
                var keys = new List<string>();
                foreach (var manager in RowValues.SplitList(values[layout.Managers]))
                {
                    if (!EmailAddress.IsValid(manager))
                    {
                        Warning(parsed.Row, layout.Managers, manager, "invalid-manager-email",
                            "This manager is not a valid email address; the link was skipped.");
                        continue;
                    }

                    var key = EmailAddress.Normalize(manager);
                    listedManagers.Add(key);
                    if (!keys.Contains(key))
                    {
                        keys.Add(key);
                    }
                }

                parsed.ManagerKeys = keys;
            }

            return parsed;
        }

        /// <summary>Rows sharing a matching key are all errors; the user they name stays unchanged but present.</summary>
        public void MarkDuplicates(List<ParsedRow> rows)
        {
            MarkDuplicatesBy(rows, r => ByExternalId ? r.ExternalId : r.EmailKey, ByExternalId ? layout.ExternalId : layout.Email,
                "duplicate-key", "Another row of this file has the same {0}; none of these rows was applied.");
            if (ByExternalId)
            {
                MarkDuplicatesBy(rows, r => r.ExternalId is null ? null : r.EmailKey, layout.Email,
                    "duplicate-email", "Another row of this file, with a different external id, has the same email; none of these rows was applied.");
            }
        }

        private void MarkDuplicatesBy(List<ParsedRow> rows, Func<ParsedRow, string?> key, int column, string code, string message)
        {
            var seen = new Dictionary<string, List<ParsedRow>>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (key(row) is { } k)
                {
                    if (!seen.TryGetValue(k, out var list))
                    {
                        seen[k] = list = [];
                    }

                    list.Add(row);
                }
            }

            foreach (var group in seen.Values.Where(g => g.Count > 1))
            {
                foreach (var row in group)
                {
                    Error(row, column, code, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, layout.Fields[column]));
                }
            }
        }

        /// <summary>Finds each row's user; marks them present, including users of rows in error.</summary>
        public void Resolve(List<ParsedRow> rows)
        {
            foreach (var row in rows)
            {
                UserRecord? byId = row.ExternalId is { } id ? byExternalId.GetValueOrDefault(id) : null;
                UserRecord? byMail = row.EmailKey is { } key ? byEmail.GetValueOrDefault(key) : null;
                var user = ByExternalId ? byId ?? (byMail?.ExternalId is null ? byMail : null) : byMail;
                if (ByExternalId && byId is null && row.ExternalId is null)
                {
                    user = null; // a row without its matching key names nobody
                }

                if (user is not null)
                {
                    present.Add(user.UserId);
                }

                if (row.Failed || !ByExternalId)
                {
                    row.Existing = user;
                    continue;
                }

                if (byMail is not null && !ReferenceEquals(byMail, user))
                {
                    Error(row, layout.Email, "email-taken",
                        byMail.ExternalId is null
                            ? "This email belongs to another user."
                            : "This email belongs to another user, who has a different external id.");
                }

                row.Existing = user;
            }
        }

        public ImportPlan Build(List<ParsedRow> rows, HoldThreshold threshold, DateTimeOffset now)
        {
            var known = new HashSet<string>(byEmail.Keys, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (!row.Failed && row.Existing is { } renamed)
                {
                    known.Remove(EmailAddress.Normalize(renamed.Email));
                }
            }

            foreach (var row in rows)
            {
                if (!row.Failed)
                {
                    known.Add(row.EmailKey!);
                }
            }

            var changes = new List<UserChange>();
            int created = 0, updated = 0, unchanged = 0, deactivated = 0, reactivated = 0;
            var touched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (row.Existing is { } user)
                {
                    touched.Add(user.UserId);
                }

                if (row.Failed)
                {
                    continue;
                }

                var managers = LinkManagers(row, known);
                var next = Apply(row, row.Existing, managers, now);
                if (row.Existing is null)
                {
                    changes.Add(new UserChange(ChangeKind.Create, next));
                    created++;
                }
                else if (next.SameContentAs(row.Existing))
                {
                    unchanged++;
                }
                else
                {
                    var kind = !row.Existing.Active && next.Active ? ChangeKind.Reactivate : ChangeKind.Update;
                    var previous = EmailAddress.Normalize(row.Existing.Email);
                    changes.Add(new UserChange(kind, next with { UpdatedAt = now }, previous == row.EmailKey ? null : previous));
                    _ = kind == ChangeKind.Reactivate ? reactivated++ : updated++;
                }
            }

            var activeFeedUsers = 0;
            foreach (var user in byEmail.Values)
            {
                if (user.CreatedBy == CreatedBy.Feed && user.Active)
                {
                    activeFeedUsers++;
                }

                if (touched.Contains(user.UserId))
                {
                    continue;
                }

                var next = user with { DerivedManager = listedManagers.Contains(EmailAddress.Normalize(user.Email)) };
                if (user.CreatedBy == CreatedBy.Feed && user.Active && !present.Contains(user.UserId))
                {
                    next = next with { Active = false, DeactivatedForAbsence = true };
                    changes.Add(new UserChange(ChangeKind.Deactivate, next with { UpdatedAt = now }));
                    deactivated++;
                }
                else if (!next.SameContentAs(user))
                {
                    changes.Add(new UserChange(ChangeKind.Update, next with { UpdatedAt = now }));
                    updated++;
                }
            }

            var errors = issues.Count(i => i.Severity == IssueSeverity.Error);
            var counts = new ImportCounts(rows.Count, created, updated, unchanged, deactivated, reactivated, errors, issues.Count - errors);
            return new ImportPlan(changes, counts, issues, HoldReason(rows.Count, deactivated, activeFeedUsers, threshold));
        }

        private static string? HoldReason(int rows, int deactivations, int activeFeedUsers, HoldThreshold threshold)
        {
            if (threshold.Enabled && rows == 0 && activeFeedUsers > 0)
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
                    Warning(row.Row, layout.Managers, manager, "self-manager", "A user cannot be their own manager; the link was skipped.");
                }
                else if (!known.Contains(manager))
                {
                    Warning(row.Row, layout.Managers, manager, "unknown-manager",
                        "This manager is not a user of the tenant (nor created by this file); the link was skipped.");
                }
                else
                {
                    links.Add(manager);
                }
            }

            return links;
        }

        private UserRecord Apply(ParsedRow row, UserRecord? existing, IReadOnlyList<string>? managers, DateTimeOffset now)
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
                DerivedManager = listedManagers.Contains(row.EmailKey!),
                Managers = managers ?? existing?.Managers ?? [],
                CreatedBy = existing?.CreatedBy ?? CreatedBy.Feed,
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = existing?.UpdatedAt ?? now,
            };
        }

        private string Required(ParsedRow row, int index, string code, string message)
        {
            var value = row.Values[index];
            if (value.Length == 0)
            {
                Error(row, index, code, message);
            }

            return value;
        }

        private void Error(ParsedRow row, int index, string code, string message)
        {
            row.Failed = true;
            issues.Add(new RowIssue(row.Row, layout.ColumnOf(index), row.Values[index], code, message, IssueSeverity.Error));
        }

        private void Warning(int row, int index, string value, string code, string message) =>
            issues.Add(new RowIssue(row, layout.ColumnOf(index), value, code, message, IssueSeverity.Warning));
    }
}
