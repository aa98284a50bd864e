using System.IO.Hashing;
using System.Runtime.InteropServices;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>The rules that need only the file (SPEC §3 "per row"): each row's values, then duplicates across rows.</summary>
public static partial class ImportPlanner
{
    private static readonly string[] RoleDigits = [.. Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Applies the rules that need only the file: each row's values (<see cref="Parse"/>), then
    /// <see cref="DuplicateKeysAreErrors"/>. A file that cannot be read at all is prepared as refused
    /// (<see cref="PreparedFile.Rejection"/>).
    /// </summary>
    public static PreparedFile Prepare(FeedRows file, FieldLayout layout)
    {
        // The fields, their columns and transforms, not the scope: a row's hash says what it does to its user, which the scope does not change.
        // The time zone too when dates are mapped: it says when they begin and end.
        var layoutSeed = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(string.Join('\0',
            layout.Fields.Concat(layout.Columns.Take(layout.Count)).Concat(layout.Transforms.Select(t => $"{layout.Fields[t.Field]}\u001e{t.Transform.Describe()}"))
                .Concat(layout.HasDates ? [layout.TimeZone.Id] : [])).AsSpan()));
        var issues = new List<RowIssue>();
        var listedManagers = new HashSet<string>(StringComparer.Ordinal);
        var rows = new BlockList<RowEntry>();
        var externalIds = layout.ExternalId >= 0 ? new BlockList<string?>() : null;
        var dates = layout.HasDates ? new BlockList<RowDates>() : null;
        var managerKeys = new BlockList<string>();
        var hasher = new RowHasher();
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        var outOfScope = 0;
        HashSet<string>? outOfScopeKeys = null;
        try
        {
            foreach (var row in file.Read())
            {
                if (RowIsOutOfScope(row, layout))
                {
                    outOfScope++;
                    (outOfScopeKeys ??= new(StringComparer.Ordinal)).Add(EmailAddress.Normalize(row.Values[layout.Email].Trim()));
                    continue;
                }

                var managersStart = managerKeys.Count;
                var parsed = Parse(row, layout, issues, listedManagers, managerKeys);
                GroupIsTheTenantsFromItsFirstName(in parsed, groups);
                rows.Add(new RowEntry
                {
                    Row = parsed.Row,
                    Failed = parsed.Failed,
                    Active = parsed.Active,
                    ValuesHash = parsed.Failed ? 0 : ValuesHash(hasher, in parsed, layout, layoutSeed),
                    EmailKey = parsed.EmailKey,
                    ManagersStart = managersStart,
                    ManagersCount = managerKeys.Count - managersStart,
                    HasGroups = parsed.Groups is { Length: > 0 },
                });
                externalIds?.Add(parsed.ExternalId);
                dates?.Add(new RowDates(parsed.StartsAt, parsed.EndsAt));
            }
        }
        catch (InvalidFeedFileException ex)
        {
            return new PreparedFile(layout, file, ex.Reason);
        }

        var pending = new PendingIssues(layout);
        var rowOfEmail = DuplicateKeysAreErrors(rows, externalIds, layout, issues, pending);
        listedManagers = ManagersHoldTheirRowsKeys(listedManagers, managerKeys, rows, rowOfEmail);
        for (var i = 0; i < rows.Count; i++)
        {
            ref var entry = ref rows[i];
            entry.Derived = entry.EmailKey is { } key && DerivedManagerRole(listedManagers, key);
        }

        pending.AddTo(issues, () => PreparedFile.ReadAgain(file, layout, rows));
        return new PreparedFile(layout, file, rows, issues, listedManagers, managerKeys, rowOfEmail, layoutSeed) { OutOfScope = outOfScope, OutOfScopeKeys = outOfScopeKeys, ExternalIds = externalIds, Dates = dates, Groups = groups };
    }

    /// <summary>
    /// Not a rule but storage: the managers' email keys, read from the managers' cells, become the instances their own rows
    /// hold, so a manager's key is held once (a million rows list a quarter of a million managers). Returns the listed
    /// managers as those instances.
    /// </summary>
    private static HashSet<string> ManagersHoldTheirRowsKeys(HashSet<string> listedManagers, BlockList<string> managerKeys, BlockList<RowEntry> rows, KeyTable rowOfEmail)
    {
        var held = new HashSet<string>(listedManagers.Count, StringComparer.Ordinal);
        foreach (var manager in listedManagers)
        {
            held.Add(rowOfEmail.Find(manager) is var row and >= 0 ? rows[row].EmailKey! : manager);
        }

        for (var m = 0; m < managerKeys.Count; m++)
        {
            managerKeys[m] = held.TryGetValue(managerKeys[m], out var key) ? key : managerKeys[m];
        }

        return held;
    }

    /// <summary>
    /// Rule: a row outside the mapping's scope (it fails a <see cref="ScopeRule"/>) is left out: not applied, not
    /// checked, and its user counts as absent, so a feed user who moves out of scope is deactivated like a leaver,
    /// through the hold. A row whose cell count differs is not judged (its values may have shifted): it is an error.
    /// </summary>
    internal static bool RowIsOutOfScope(FeedRow row, FieldLayout layout)
    {
        var scope = layout.Scope;
        if (scope.Count == 0 || row.CellCountDiffers)
        {
            return false;
        }

        for (var i = 0; i < scope.Count; i++)
        {
            if (!scope[i].Rule.Admits(row.Values[scope[i].Index]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A row's values after the per-row rules, when the file is read again (its issues and managers were kept the first time).</summary>
    internal static ParsedRow ParseValues(FeedRow row, FieldLayout layout) => Parse(row, layout, null, null, null);

    /// <summary>
    /// The per-row rules, in the order a row meets them. The first reading of a file collects the issues, and
    /// appends the row's valid managers' email keys (each once, as the instance held in
    /// <paramref name="listedManagers"/>) to <paramref name="managerKeys"/>; later readings only need the values.
    /// </summary>
    private static ParsedRow Parse(FeedRow row, FieldLayout layout, List<RowIssue>? issues, HashSet<string>? listedManagers, BlockList<string>? managerKeys)
    {
        var values = ValuesAreTrimmed(row.Values);
        var parsed = new ParsedRow(row.Row, layout.Transforms.Count == 0 ? values : (string[])values.Clone()); // rows held in memory are read again as they are
        var check = new RowCheck(layout, issues);
        if (row.CellCountDiffers)
        {
            return CellCountMismatchAppliesNothing(parsed, row, layout, issues);
        }

        TransformsApplyBeforeTheChecks(ref parsed, layout, check);
        if (!ValuesFitTheirMaximumLengths(ref parsed, layout, check))
        {
            return parsed;
        }

        EmailIsRequiredAndValid(ref parsed, layout, check);
        ExternalIdIsRequiredWhenMapped(ref parsed, layout, check);
        NamesAreRequired(ref parsed, layout, check);
        StatusIsStrictWhenMapped(ref parsed, layout, check);
        RolesArePipeOrCommaSeparated(ref parsed, layout, check);
        GroupsArePipeOrCommaSeparated(ref parsed, layout, check);
        DatesAreIso8601(ref parsed, layout, check);
        if (listedManagers is not null && managerKeys is not null)
        {
            ListedManagers(in parsed, layout, check, listedManagers, managerKeys);
        }

        return parsed;
    }

    /// <summary>Rule: values are trimmed (in place: the row's cells are this reading's own).</summary>
    private static string[] ValuesAreTrimmed(string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = values[i].Trim();
        }

        return values;
    }

    /// <summary>
    /// Rule: each mapped field's declared transform (<see cref="FieldTransform"/>) makes its value before the field's own
    /// rules check it, so a transformed value is checked and stored as any other. A <c>map</c> that refuses unmatched
    /// values makes a value it has no entry for a row error (<c>unmapped-value</c>, with the cell as written).
    /// </summary>
    private static void TransformsApplyBeforeTheChecks(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        var transforms = layout.Transforms;
        for (var i = 0; i < transforms.Count; i++)
        {
            var step = transforms[i];
            if (step.Apply(parsed.Values) is { } value)
            {
                parsed.Values[step.Field] = value;
            }
            else
            {
                check.Error(ref parsed, step.Field, "unmapped-value", "This value is not in the field's map of values, which refuses others.");
            }
        }
    }

    /// <summary>
    /// Rule: every value a user stores has a maximum length (<see cref="ValueLimits"/>: 256 for a name, 4,000 for a
    /// custom field…), and a row's values together at most <see cref="ValueLimits.Row"/>. A value over its maximum is
    /// a row error (<c>value-too-long</c>) naming the field, the maximum and the value's length, and so are values too
    /// long together (<c>row-too-long</c>): none of the row's values applies, and its user, when the email (or external
    /// id) is a valid one, is present and stays unchanged. One comparison a cell.
    /// </summary>
    private static bool ValuesFitTheirMaximumLengths(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        var limits = MaximumLengths.GetValue(layout, static l => [.. l.Fields.Select(MaximumLengthOf)]);
        var values = parsed.Values;
        var fits = true;
        var total = 0;
        for (var i = 0; i < limits.Length; i++)
        {
            var length = values[i].Length;
            total += length;
            if (length > limits[i])
            {
                fits = false;
                check.Error(ref parsed, i, Shortened(values[i]), "value-too-long",
                    $"This value has {length:N0} characters; {layout.Fields[i]} may have at most {limits[i]:N0}.");
            }
        }

        if (fits && total > ValueLimits.Row)
        {
            fits = false;
            check.RowError(ref parsed, "row-too-long",
                $"This row's values have {total:N0} characters together; a user may store at most {ValueLimits.Row:N0}.");
        }

        if (!fits)
        {
            var email = values[layout.Email];
            if (email.Length <= ValueLimits.Email && EmailAddress.IsValid(email))
            {
                parsed.Email = email;
                parsed.EmailKey = EmailAddress.Normalize(email);
            }

            if (layout.ExternalId >= 0 && values[layout.ExternalId] is { Length: > 0 and <= ValueLimits.ExternalId } externalId)
            {
                parsed.ExternalId = externalId;
            }
        }

        return fits;
    }

    /// <summary>Each layout's fields' maximum lengths, in layout order, made once per layout.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FieldLayout, int[]> MaximumLengths = [];

    /// <summary>A platform field's maximum length (<see cref="ValueLimits"/>).</summary>
    internal static int MaximumLengthOf(string field) => field switch
    {
        PlatformFields.Email => ValueLimits.Email,
        PlatformFields.FirstName or PlatformFields.LastName => ValueLimits.Name,
        PlatformFields.ExternalId => ValueLimits.ExternalId,
        PlatformFields.Roles => ValueLimits.Roles,
        PlatformFields.Managers => ValueLimits.Managers,
        PlatformFields.Groups => ValueLimits.Groups,
        PlatformFields.Status or PlatformFields.StartDate or PlatformFields.EndDate => ValueLimits.Date,
        _ => ValueLimits.CustomField,
    };

    /// <summary>A value too long to store, as an issue shows it: its first 100 characters and "…".</summary>
    private static string Shortened(string value) => value.Length > 100 ? value[..100] + "…" : value;

    /// <summary>A row's values trimmed and transformed as <see cref="TransformsApplyBeforeTheChecks"/> makes them (null where a map refuses the value): what a preview shows.</summary>
    internal static string?[] TransformedValues(FeedRow row, FieldLayout layout)
    {
        var values = ValuesAreTrimmed(row.Values);
        var transformed = new string?[values.Length];
        values.CopyTo(transformed, 0);
        foreach (var step in layout.Transforms)
        {
            transformed[step.Field] = step.Apply(values);
        }

        return transformed;
    }

    /// <summary>Rule: a blank or invalid email is a row error; the email's key is it lower-cased, so emails match case-insensitively.</summary>
    private static void EmailIsRequiredAndValid(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        var email = parsed.Values[layout.Email];
        if (email.Length == 0)
        {
            check.Error(ref parsed, layout.Email, "missing-email", "The email is blank; every row needs one.");
        }
        else if (!EmailAddress.IsValid(email))
        {
            check.Error(ref parsed, layout.Email, "invalid-email", "This is not a valid email address.");
        }
        else
        {
            parsed.Email = email;
            parsed.EmailKey = EmailAddress.Normalize(email);
        }
    }

    /// <summary>Rule: when externalId is mapped it is the matching key, and a blank one is a row error.</summary>
    private static void ExternalIdIsRequiredWhenMapped(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        if (layout.ExternalId < 0)
        {
            return;
        }

        if (parsed.Values[layout.ExternalId].Length == 0)
        {
            check.Error(ref parsed, layout.ExternalId, "missing-external-id", "The external id is blank; it is the matching key of this feed.");
        }
        else
        {
            parsed.ExternalId = parsed.Values[layout.ExternalId];
        }
    }

    /// <summary>Rule: a blank first or last name is a row error.</summary>
    private static void NamesAreRequired(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        parsed.FirstName = parsed.Values[layout.FirstName];
        if (parsed.FirstName.Length == 0)
        {
            check.Error(ref parsed, layout.FirstName, "missing-first-name", "The first name is blank.");
        }

        parsed.LastName = parsed.Values[layout.LastName];
        if (parsed.LastName.Length == 0)
        {
            check.Error(ref parsed, layout.LastName, "missing-last-name", "The last name is blank.");
        }
    }

    /// <summary>
    /// Rule: a mapped status is strict (1/0, active/inactive, true/false, yes/no); blank or anything else is a row
    /// error. Unmapped, every listed user is active (<see cref="ParsedRow.Active"/> starts true).
    /// </summary>
    private static void StatusIsStrictWhenMapped(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        if (layout.Status < 0)
        {
            return;
        }

        var status = parsed.Values[layout.Status];
        if (RowValues.ParseStatus(status) is { } active)
        {
            parsed.Active = active;
        }
        else
        {
            check.Error(ref parsed, layout.Status, status.Length == 0 ? "missing-status" : "invalid-status",
                "The status must be 1 or 0 (also accepted: active/inactive, true/false, yes/no).");
        }
    }

    /// <summary>
    /// Rule: roles are pipe- or comma-separated names in any case; an unknown name is a warning and the rest of the
    /// row applies. Learner is every user's, so the feed keeps only the others.
    /// </summary>
    private static void RolesArePipeOrCommaSeparated(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        if (layout.Roles < 0)
        {
            return;
        }

        var (roles, unknown) = RowValues.ParseRoles(parsed.Values[layout.Roles]);
        parsed.FeedRoles = roles & ~Roles.Learner;
        foreach (var name in unknown)
        {
            check.Warning(parsed.Row, layout.Roles, name, "unknown-role", $"'{name}' is not a known role (Learner, Manager, Administrator); it was ignored.");
        }
    }

    /// <summary>
    /// Rule: a start or end date is an ISO 8601 date or date-time (<see cref="FeedDates"/>), read in the tenant's time
    /// zone; anything else is a row error (<c>invalid-date</c>). A blank cell is no date (it clears one).
    /// </summary>
    private static void DatesAreIso8601(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        if (layout.StartDate >= 0)
        {
            parsed.StartsAt = Date(ref parsed, layout.StartDate, isEnd: false, layout, check);
        }

        if (layout.EndDate >= 0)
        {
            parsed.EndsAt = Date(ref parsed, layout.EndDate, isEnd: true, layout, check);
        }

        static DateTimeOffset? Date(ref ParsedRow parsed, int index, bool isEnd, FieldLayout layout, RowCheck check)
        {
            var text = parsed.Values[index];
            if (text.Length == 0)
            {
                return null;
            }

            if (FeedDates.Instant(text, isEnd, layout.TimeZone) is { } instant)
            {
                return instant;
            }

            check.Error(ref parsed, index, "invalid-date",
                "This is not a date the feed reads: write an ISO 8601 date (2026-12-31) or date-time (2026-12-31T17:30, with Z or an offset such as +01:00 for an exact instant).");
            return null;
        }
    }

    /// <summary>
    /// Rule: groups are pipe- or comma-separated names, trimmed, blanks dropped, each once whatever its case (the first
    /// spelling is the row's). A name longer than <see cref="GroupNames.MaxLength"/> is a warning and is left out; more
    /// than <see cref="GroupNames.MaxPerUser"/> groups is a row error (the user is unchanged). A blank cell clears the
    /// user's feed groups; the groups the platform gave are never the feed's to remove (<see cref="PlatformGroupsAreKept"/>).
    /// </summary>
    private static void GroupsArePipeOrCommaSeparated(ref ParsedRow parsed, FieldLayout layout, RowCheck check)
    {
        if (layout.Groups < 0)
        {
            return;
        }

        var cell = parsed.Values[layout.Groups];
        if (cell.Length == 0)
        {
            parsed.Groups = [];
            return;
        }

        var groups = new List<RowGroup>();
        foreach (var name in RowValues.SplitList(cell))
        {
            if (name.Length > GroupNames.MaxLength)
            {
                check.Warning(parsed.Row, layout.Groups, name, "group-name-too-long", $"A group name may have at most {GroupNames.MaxLength} characters; this group was left out.");
                continue;
            }

            var id = GroupNames.Id(name);
            if (!groups.Exists(g => g.Id == id))
            {
                groups.Add(new RowGroup(id, name));
            }
        }

        if (groups.Count > GroupNames.MaxPerUser)
        {
            check.Error(ref parsed, layout.Groups, "too-many-groups", $"A row may list at most {GroupNames.MaxPerUser} groups; this one lists {groups.Count}.");
            return;
        }

        groups.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        parsed.Groups = [.. groups];
    }

    /// <summary>
    /// Rule: a group is the tenant's, created when a file first names it (in a row that applies), named as that file
    /// first wrote it; later spellings in any case are the same group (its id is the case-folded name's).
    /// </summary>
    private static void GroupIsTheTenantsFromItsFirstName(in ParsedRow parsed, Dictionary<string, string> groups)
    {
        if (parsed.Failed || parsed.Groups is not { } listed)
        {
            return;
        }

        foreach (var group in listed)
        {
            groups.TryAdd(group.Id, group.Name);
        }
    }

    /// <summary>
    /// Rule: the managers column lists emails, pipe- or comma-separated; an invalid one, or the row's own email, is a
    /// warning and its link is skipped. Each valid manager is kept once (whether they are a user is decided
    /// against the users: <see cref="ManagerMustBeAUser"/>).
    /// </summary>
    private static void ListedManagers(in ParsedRow parsed, FieldLayout layout, RowCheck check, HashSet<string> listedManagers, BlockList<string> managerKeys)
    {
        if (layout.Managers < 0 || parsed.Values[layout.Managers].Length == 0)
        {
            return;
        }

        var cell = parsed.Values[layout.Managers];
        var start = managerKeys.Count;
        if (cell.AsSpan().IndexOfAny('|', ',') < 0)
        {
            Add(cell, in parsed); // one manager: the trimmed cell is the only item
        }
        else
        {
            foreach (var manager in RowValues.SplitList(cell))
            {
                Add(manager, in parsed);
            }
        }

        void Add(string manager, in ParsedRow parsed)
        {
            if (!EmailAddress.IsValid(manager))
            {
                check.Warning(parsed.Row, layout.Managers, manager, "invalid-manager-email", "This manager is not a valid email address; the link was skipped.");
                return;
            }

            var key = EmailAddress.Normalize(manager);
            if (key == parsed.EmailKey)
            {
                check.Warning(parsed.Row, layout.Managers, manager, "self-manager", "A user cannot be their own manager; the link was skipped.");
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

    /// <summary>
    /// Rule: a row whose cell count differs from the header's is an error, and none of its values applies (one may
    /// sit in another field's column: an unquoted comma), nor are its managers counted. Its user, when its email cell
    /// holds one, is present and stays unchanged.
    /// </summary>
    private static ParsedRow CellCountMismatchAppliesNothing(ParsedRow parsed, FeedRow row, FieldLayout layout, List<RowIssue>? issues)
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

    /// <summary>
    /// Rule: rows sharing a matching key (the externalId when mapped, else the email) are all errors, and so are rows
    /// with different external ids sharing an email; the user they name stays unchanged but present. Returns the first
    /// row of each email key (when that row is in error, so is every row with the key).
    /// </summary>
    private static KeyTable DuplicateKeysAreErrors(BlockList<RowEntry> rows, BlockList<string?>? externalIds, FieldLayout layout, List<RowIssue> issues, PendingIssues pending)
    {
        if (externalIds is null)
        {
            return MarkDuplicates(rows, layout, issues, pending, i => rows[i].EmailKey, layout.Email,
                "duplicate-key", "Another row of this file has the same email; none of these rows was applied.");
        }

        MarkDuplicates(rows, layout, issues, pending, i => externalIds[i], layout.ExternalId,
            "duplicate-key", "Another row of this file has the same externalId; none of these rows was applied.");
        return MarkDuplicates(rows, layout, issues, pending, i => externalIds[i] is null ? null : rows[i].EmailKey, layout.Email,
            "duplicate-email", "Another row of this file, with a different external id, has the same email; none of these rows was applied.");
    }

    /// <summary>Marks every row whose key another row has; returns the first row of each key.</summary>
    private static KeyTable MarkDuplicates(
        BlockList<RowEntry> rows, FieldLayout layout, List<RowIssue> issues, PendingIssues pending, Func<int, string?> key, int column, string code, string message)
    {
        // First row of each key; a repeat marks the first (once) and itself.
        var first = new KeyTable(rows.Count, i => key(i)!);
        var flagged = new HashSet<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (key(i) is { } k && first.AddOrFind(k, i) is var earlier and >= 0)
            {
                Flag(earlier);
                Flag(i);
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
                issues.Add(new RowIssue(entry.Row, layout.ColumnOf(column), key(index)!, code, message, IssueSeverity.Error));
            }
            else
            {
                pending.Add(index, column, code, message); // the email as written is not kept
            }
        }
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
        if (row.Groups is { } groups)
        {
            hasher.Add("g"); // only when mapped: the hashes of a mapping without groups are what they were
            foreach (var group in groups)
            {
                hasher.Add(group.Id);
            }
        }

        var customFields = layout.CustomFields;
        for (var i = 0; i < customFields.Count; i++)
        {
            hasher.Add(row.Values[customFields[i].Index]);
        }

        if (layout.HasDates)
        {
            hasher.Add(layout.StartDate >= 0 ? row.Values[layout.StartDate] : "-");
            hasher.Add(layout.EndDate >= 0 ? row.Values[layout.EndDate] : "-");
        }

        return hasher.Finish();
    }

    /// <summary>Where a row's errors and warnings go (nowhere when the file is read again: they were kept the first time).</summary>
    private readonly struct RowCheck(FieldLayout layout, List<RowIssue>? issues)
    {
        public void Error(ref ParsedRow parsed, int index, string code, string message) => Error(ref parsed, index, parsed.Values[index], code, message);

        public void Error(ref ParsedRow parsed, int index, string value, string code, string message)
        {
            parsed.Failed = true;
            issues?.Add(new RowIssue(parsed.Row, layout.ColumnOf(index), value, code, message, IssueSeverity.Error));
        }

        /// <summary>An error of the whole row, no one cell's.</summary>
        public void RowError(ref ParsedRow parsed, string code, string message)
        {
            parsed.Failed = true;
            issues?.Add(new RowIssue(parsed.Row, "", "", code, message, IssueSeverity.Error));
        }

        public void Warning(int row, int index, string value, string code, string message) =>
            issues?.Add(new RowIssue(row, layout.ColumnOf(index), value, code, message, IssueSeverity.Warning));
    }
}
