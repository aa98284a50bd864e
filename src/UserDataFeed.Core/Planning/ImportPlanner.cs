using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The feed rules of SPEC §3 as pure functions: (file rows, mapping layout, current users) → plan.
/// <see cref="Prepare"/> applies the rules that need only the file; <see cref="PreparedFile.Plan"/> the rest.
/// No I/O and no clock: the caller passes the time that stamps what is created or changed.
/// </summary>
public static class ImportPlanner
{
    /// <summary>Plans a file against fully read users.</summary>
    public static ImportPlan Plan(IEnumerable<FeedRow> rows, FieldLayout layout, IEnumerable<UserRecord> currentUsers, HoldThreshold threshold, DateTimeOffset now) =>
        Prepare(rows, layout).Plan(currentUsers.Select(UserState.Of), threshold, now);

    public static PreparedFile Prepare(IEnumerable<FeedRow> rows, FieldLayout layout)
    {
        var issues = new List<RowIssue>();
        var listedManagers = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<ParsedRow>();
        foreach (var row in rows)
        {
            parsed.Add(Parse(row, layout, issues, listedManagers));
        }

        if (layout.ExternalId >= 0)
        {
            MarkDuplicates(parsed, layout, issues, r => r.ExternalId, layout.ExternalId,
                "duplicate-key", "Another row of this file has the same externalId; none of these rows was applied.");
            MarkDuplicates(parsed, layout, issues, r => r.ExternalId is null ? null : r.EmailKey, layout.Email,
                "duplicate-email", "Another row of this file, with a different external id, has the same email; none of these rows was applied.");
        }
        else
        {
            MarkDuplicates(parsed, layout, issues, r => r.EmailKey, layout.Email,
                "duplicate-key", "Another row of this file has the same email; none of these rows was applied.");
        }

        return new PreparedFile(layout, parsed, issues, listedManagers);
    }

    private static ParsedRow Parse(FeedRow row, FieldLayout layout, List<RowIssue> issues, HashSet<string> listedManagers)
    {
        var values = row.Values;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = values[i].Trim();
        }

        var parsed = new ParsedRow(row.Row, values);
        void Error(int index, string code, string message)
        {
            parsed.Failed = true;
            issues.Add(new RowIssue(parsed.Row, layout.ColumnOf(index), values[index], code, message, IssueSeverity.Error));
        }

        void Warning(int index, string value, string code, string message) =>
            issues.Add(new RowIssue(parsed.Row, layout.ColumnOf(index), value, code, message, IssueSeverity.Warning));

        var email = values[layout.Email];
        if (email.Length == 0)
        {
            Error(layout.Email, "missing-email", "The email is blank; every row needs one.");
        }
        else if (!EmailAddress.IsValid(email))
        {
            Error(layout.Email, "invalid-email", "This is not a valid email address.");
        }
        else
        {
            parsed.Email = email;
            parsed.EmailKey = EmailAddress.Normalize(email);
        }

        if (layout.ExternalId >= 0)
        {
            if (values[layout.ExternalId].Length == 0)
            {
                Error(layout.ExternalId, "missing-external-id", "The external id is blank; it is the matching key of this feed.");
            }
            else
            {
                parsed.ExternalId = values[layout.ExternalId];
            }
        }

        parsed.FirstName = values[layout.FirstName];
        if (parsed.FirstName.Length == 0)
        {
            Error(layout.FirstName, "missing-first-name", "The first name is blank.");
        }

        parsed.LastName = values[layout.LastName];
        if (parsed.LastName.Length == 0)
        {
            Error(layout.LastName, "missing-last-name", "The last name is blank.");
        }

        if (layout.Status >= 0)
        {
            var status = values[layout.Status];
            if (RowValues.ParseStatus(status) is { } active)
            {
                parsed.Active = active;
            }
            else
            {
                Error(layout.Status, status.Length == 0 ? "missing-status" : "invalid-status",
                    "The status must be 1 or 0 (also accepted: active/inactive, true/false, yes/no).");
            }
        }

        if (layout.Roles >= 0)
        {
            var (roles, unknown) = RowValues.ParseRoles(values[layout.Roles]);
            parsed.FeedRoles = roles & ~Roles.Learner;
            foreach (var name in unknown)
            {
                Warning(layout.Roles, name, "unknown-role", $"'{name}' is not a known role (Learner, Manager, Administrator); it was ignored.");
            }
        }

        if (layout.Managers >= 0)
        {
            foreach (var manager in RowValues.SplitList(values[layout.Managers]))
            {
                if (!EmailAddress.IsValid(manager))
                {
                    Warning(layout.Managers, manager, "invalid-manager-email", "This manager is not a valid email address; the link was skipped.");
                    continue;
                }

                var key = EmailAddress.Normalize(manager);
                listedManagers.Add(key);
                if (!parsed.ManagerKeys.Contains(key))
                {
                    parsed.ManagerKeys.Add(key);
                }
            }
        }

        return parsed;
    }

    /// <summary>Rows sharing a matching key are all errors; the user they name stays unchanged but present.</summary>
    private static void MarkDuplicates(
        List<ParsedRow> rows, FieldLayout layout, List<RowIssue> issues, Func<ParsedRow, string?> key, int column, string code, string message)
    {
        // First row of each key; a repeat marks the first (once) and itself.
        var first = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        var flagged = new HashSet<int>();
        void Flag(int index)
        {
            if (flagged.Add(index))
            {
                var row = rows[index];
                row.Failed = true;
                issues.Add(new RowIssue(row.Row, layout.ColumnOf(column), row.Values[column], code, message, IssueSeverity.Error));
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (key(rows[i]) is not { } k)
            {
                continue;
            }

            if (first.TryGetValue(k, out var earlier))
            {
                Flag(earlier);
                Flag(i);
            }
            else
            {
                first[k] = i;
            }
        }
    }
}
