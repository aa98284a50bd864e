namespace UserDataFeed.Core.Mapping;

/// <summary>
/// The mapped platform fields in a fixed order, so a row's values can be an array and each rule can
/// find its value by a pre-computed index instead of a dictionary look-up. The columns the transforms read besides
/// the fields' own, then the scope's, are read after the fields' (a row's values hold them all, in that order).
/// </summary>
public sealed class FieldLayout
{
    /// <param name="timeZone">The tenant's time zone, in which the dates' days and local times are read (UTC when null).</param>
    public FieldLayout(FeedMapping mapping, TimeZoneInfo? timeZone = null)
    {
        TimeZone = timeZone ?? TimeZoneInfo.Utc;
        Fields = [.. mapping.Fields.Keys.OrderBy(FieldOrder).ThenBy(f => f, StringComparer.Ordinal)];
        var columns = Fields.Select(f => mapping.Fields[f].Trim()).ToList();
        var transforms = new List<FieldTransform.Step>();
        for (var i = 0; i < Fields.Count; i++)
        {
            if (mapping.Transforms.TryGetValue(Fields[i], out var transform))
            {
                var more = transform.MoreColumns.Select((c, j) => columns.Count + j).ToArray();
                columns.AddRange(transform.MoreColumns.Select(c => c.Trim()));
                transforms.Add(new FieldTransform.Step(transform, i, more));
            }
        }

        Transforms = transforms;
        Scope = [.. mapping.Scope.Select((rule, i) => (rule, columns.Count + i))];
        Columns = [.. columns, .. mapping.Scope.Select(r => r.Column.Trim())];
        Email = IndexOf(PlatformFields.Email);
        FirstName = IndexOf(PlatformFields.FirstName);
        LastName = IndexOf(PlatformFields.LastName);
        Status = IndexOf(PlatformFields.Status);
        Roles = IndexOf(PlatformFields.Roles);
        Managers = IndexOf(PlatformFields.Managers);
        ExternalId = IndexOf(PlatformFields.ExternalId);
        Groups = IndexOf(PlatformFields.Groups);
        StartDate = IndexOf(PlatformFields.StartDate);
        EndDate = IndexOf(PlatformFields.EndDate);
        CustomFields = [.. Fields.Select((f, i) => (f, i)).Where(p => PlatformFields.IsCustom(p.f)).Select(p => (PlatformFields.CustomKey(p.f), p.i))];
    }

    /// <summary>Platform field keys, in layout order.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The CSV column of each value of a row: the one mapped to each field in layout order, then those the transforms read, then each scope rule's.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The fields' transforms, in layout order, each with the indexes of its values in a row.</summary>
    public IReadOnlyList<FieldTransform.Step> Transforms { get; }

    /// <summary>The scope's rules, each with the index of its column's value in a row.</summary>
    public IReadOnlyList<(ScopeRule Rule, int Index)> Scope { get; }

    public int Email { get; }

    public int FirstName { get; }

    public int LastName { get; }

    public int Status { get; }

    public int Roles { get; }

    public int Managers { get; }

    public int ExternalId { get; }

    public int Groups { get; }

    public int StartDate { get; }

    public int EndDate { get; }

    /// <summary>Whether a start or an end date is mapped, so rows carry <see cref="FeedDates"/>.</summary>
    public bool HasDates => StartDate >= 0 || EndDate >= 0;

    /// <summary>The tenant's time zone, in which dates are read.</summary>
    public TimeZoneInfo TimeZone { get; }

    public IReadOnlyList<(string Key, int Index)> CustomFields { get; }

    /// <summary>How many mapped fields (a row's values are <see cref="Columns"/> long: the transforms' and the scope's columns follow).</summary>
    public int Count => Fields.Count;

    public string ColumnOf(int index) => Columns[index];

    private int IndexOf(string field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i], field, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int FieldOrder(string field)
    {
        var index = PlatformFields.Standard.ToList().IndexOf(field);
        return index < 0 ? PlatformFields.Standard.Count : index;
    }
}
