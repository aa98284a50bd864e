using System.IO.Hashing;
using System.Runtime.InteropServices;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The feed rules of SPEC §3 as pure functions: (file rows, mapping layout, current users) → plan.
/// <see cref="Prepare(Func{IEnumerable{FeedRow}}, FieldLayout)"/> applies the rules that need only the file;
/// <see cref="PreparedFile.Plan"/> the rest. No I/O of its own and no clock: the caller passes the rows and
/// the time that stamps what is created or changed.
/// </summary>
public static class ImportPlanner
{
    private static readonly string[] RoleDigits = [.. Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Plans rows held in memory against fully read users.</summary>
    public static ImportPlan Plan(IEnumerable<FeedRow> rows, FieldLayout layout, IEnumerable<UserRecord> currentUsers, HoldThreshold threshold, DateTimeOffset now) =>
        Prepare(rows, layout).Plan(currentUsers.Select(UserState.Of), threshold, now);

    /// <summary>Prepares rows held in memory (a one-pass sequence is buffered first).</summary>
    public static PreparedFile Prepare(IEnumerable<FeedRow> rows, FieldLayout layout)
    {
        var held = rows as IReadOnlyCollection<FeedRow> ?? [.. rows];
        return Prepare(() => held, layout);
    }

    /// <summary>
    /// Prepares a file read by <paramref name="readRows"/>, which must give the same rows each time it is
    /// called: the plan reads the file again for what it does not keep.
    /// </summary>
    public static PreparedFile Prepare(Func<IEnumerable<FeedRow>> readRows, FieldLayout layout)
    {
        var layoutSeed = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(string.Join('\0', layout.Fields.Concat(layout.Columns)).AsSpan()));
        var issues = new List<RowIssue>();
        var listedManagers = new HashSet<string>(StringComparer.Ordinal);
        var rows = new BlockList<RowEntry>();
        var managerKeys = new BlockList<string>();
        var hasher = new RowHasher();
        foreach (var row in readRows())
        {
            var managersStart = managerKeys.Count;
            var parsed = Parse(row, layout, issues, listedManagers, managerKeys);
            rows.Add(new RowEntry
            {
                Row = parsed.Row,
                Failed = parsed.Failed,
                Active = parsed.Active,
                ValuesHash = parsed.Failed ? 0 : ValuesHash(hasher, in parsed, layout, layoutSeed),
                EmailKey = parsed.EmailKey,
                ExternalId = parsed.ExternalId,
                ManagersStart = managersStart,
                ManagersCount = managerKeys.Count - managersStart,
            });
        }

        var pending = new PendingIssues(layout);
        Dictionary<string, int> rowOfEmail;
        if (layout.ExternalId >= 0)
        {
            MarkDuplicates(rows, layout, issues, pending, e => e.ExternalId, layout.ExternalId,
                "duplicate-key", "Another row of this file has the same externalId; none of these rows was applied.");
            rowOfEmail = MarkDuplicates(rows, layout, issues, pending, e => e.ExternalId is null ? null : e.EmailKey, layout.Email,
                "duplicate-email", "Another row of this file, with a different external id, has the same email; none of these rows was applied.");
        }
        else
        {
            rowOfEmail = MarkDuplicates(rows, layout, issues, pending, e => e.EmailKey, layout.Email,
                "duplicate-key", "Another row of this file has the same email; none of these rows was applied.");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            ref var entry = ref rows[i];
            entry.Derived = entry.EmailKey is { } key && listedManagers.Contains(key);
        }

        pending.AddTo(issues, () => PreparedFile.ReadAgain(readRows, rows));
        return new PreparedFile(layout, readRows, rows, issues, listedManagers, managerKeys, rowOfEmail, layoutSeed);
    }

    /// <summary>A row's values after the per-row rules, when the file is read again (its issues and managers were kept the first time).</summary>
    internal static ParsedRow ParseValues(FeedRow row, FieldLayout layout) => Parse(row, layout, null, null, null);

    /// <summary>
    /// Applies the per-row rules to a row (trimming its cells in place). The first reading of a file collects
    /// the issues, and appends the row's valid managers' email keys (each once, as the instance held in
    /// <paramref name="listedManagers"/>) to <paramref name="managerKeys"/>; later readings only need the values.
    /// </summary>
    private static ParsedRow Parse(FeedRow row, FieldLayout layout, List<RowIssue>? issues, HashSet<string>? listedManagers, BlockList<string>? managerKeys)
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
            issues?.Add(new RowIssue(parsed.Row, layout.ColumnOf(index), values[index], code, message, IssueSeverity.Error));
        }

        void Warning(int index, string value, string code, string message) =>
            issues?.Add(new RowIssue(parsed.Row, layout.ColumnOf(index), value, code, message, IssueSeverity.Warning));

        if (row.CellCountDiffers)
        {
            return CellCountError(ref parsed, row, layout, issues);
        }

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

        if (listedManagers is not null && managerKeys is not null && layout.Managers >= 0 && values[layout.Managers].Length > 0)
        {
            var cell = values[layout.Managers];
            var start = managerKeys.Count;
            if (cell.AsSpan().IndexOfAny('|', ',') < 0)
            {
                AddManager(cell); // one manager: the trimmed cell is the only item
            }
            else
            {
                foreach (var manager in RowValues.SplitList(cell))
                {
                    AddManager(manager);
                }
            }

            void AddManager(string manager)
            {
                if (!EmailAddress.IsValid(manager))
                {
                    Warning(layout.Managers, manager, "invalid-manager-email", "This manager is not a valid email address; the link was skipped.");
                    return;
                }

                var key = EmailAddress.Normalize(manager);
                if (key == parsed.EmailKey)
                {
                    Warning(layout.Managers, manager, "self-manager", "A user cannot be their own manager; the link was skipped.");
                    return;
                }
                if (!listedManagers.TryGetValue(key, out var held))
                {
                    listedManagers.Add(key);
                    held = key;
                }

                for (var i = start; i < managerKeys.Count; i++)
                {
                    if (managerKeys[i] == held)
                    {
                        return;
                    }
                }

                managerKeys.Add(held); // one instance per manager
            }
        }

        return parsed;
    }

    /// <summary>
    /// A row whose cell count differs from the header's: a value may sit in another field's column (an unquoted
    /// comma), so none is applied, nor are its managers counted. Its user, when its email cell holds one, is
    /// present and stays unchanged.
    /// </summary>
    private static ParsedRow CellCountError(ref ParsedRow parsed, FeedRow row, FieldLayout layout, List<RowIssue>? issues)
    {
        parsed.Failed = true;
        var email = parsed.Values[layout.Email];
        if (EmailAddress.IsValid(email))
        {
            parsed.Email = email;
            parsed.EmailKey = EmailAddress.Normalize(email);
        }

        if (layout.ExternalId >= 0 && parsed.Values[layout.ExternalId].Length > 0)
        {
            parsed.ExternalId = parsed.Values[layout.ExternalId];
        }

        var shape = row.Cells > row.HeaderCells ? "more" : "fewer";
        issues?.Add(new RowIssue(row.Row, "", "", "cell-count",
            $"This row has {row.Cells} cells but the header has {row.HeaderCells}; none of its values was applied. A row with {shape} cells often has an unquoted comma or a missing quote.",
            IssueSeverity.Error));
        return parsed;
    }

    /// <summary>A hash of a valid row's own values in the layout (seeded by it); <see cref="PlanRun"/> adds the links.</summary>
    private static ulong ValuesHash(RowHasher hasher, in ParsedRow row, FieldLayout layout, ulong layoutSeed)
    {
        hasher.Start(layoutSeed);
        hasher.Add(row.Email!);
        hasher.Add(row.FirstName);
        hasher.Add(row.LastName);
        hasher.Add(row.Active ? "1" : "0");
        hasher.Add(layout.Roles >= 0 ? RoleDigits[(int)row.FeedRoles] : "-");
        hasher.Add(layout.ExternalId >= 0 ? row.ExternalId! : "-");
        var customFields = layout.CustomFields;
        for (var i = 0; i < customFields.Count; i++)
        {
            hasher.Add(row.Values[customFields[i].Index]);
        }

        return hasher.Finish();
    }

    /// <summary>
    /// Rows sharing a matching key are all errors; the user they name stays unchanged but present.
    /// Returns the first row of each key (when that row is in error, so is every row with the key).
    /// </summary>
    private static Dictionary<string, int> MarkDuplicates(
        BlockList<RowEntry> rows, FieldLayout layout, List<RowIssue> issues, PendingIssues pending, Func<RowEntry, string?> key, int column, string code, string message)
    {
        // First row of each key; a repeat marks the first (once) and itself.
        var first = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        var flagged = new HashSet<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (key(rows[i]) is not { } k)
            {
                continue;
            }

            ref var earlier = ref CollectionsMarshal.GetValueRefOrAddDefault(first, k, out var repeated);
            if (repeated)
            {
                Flag(earlier);
                Flag(i);
            }
            else
            {
                earlier = i;
            }
        }

        return first;

        void Flag(int index)
        {
            if (!flagged.Add(index))
            {
                return;
            }

            ref var entry = ref rows[index];
            entry.Failed = true;
            if (column == layout.ExternalId)
            {
                issues.Add(new RowIssue(entry.Row, layout.ColumnOf(column), entry.ExternalId!, code, message, IssueSeverity.Error));
            }
            else
            {
                pending.Add(index, column, code, message); // the email as written is not kept
            }
        }
    }
}
