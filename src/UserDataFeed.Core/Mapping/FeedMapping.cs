namespace UserDataFeed.Core.Mapping;

/// <summary>A tenant's mapping rules: which CSV column feeds which platform field, and which rows are in scope.</summary>
public sealed record FeedMapping(IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The rules every applied row passes (<see cref="ScopeRule"/>); empty: every row is in scope.</summary>
    public IReadOnlyList<ScopeRule> Scope { get; init; } = [];

    /// <summary>The transforms of mapped fields' values, by field (<see cref="FieldTransform"/>); empty: none.</summary>
    public IReadOnlyDictionary<string, FieldTransform> Transforms { get; init; } = new Dictionary<string, FieldTransform>();

    public bool Maps(string field) => Fields.ContainsKey(field);

    /// <summary>
    /// The mapping's fields (or anything keyed by field, such as its transforms) with each <c>custom.&lt;key&gt;</c>
    /// naming the tenant's field as it is stored (keys are case-insensitive), and the fields named twice that way
    /// (e.g. <c>custom.Dept</c> and <c>custom.dept</c>).
    /// </summary>
    public static (Dictionary<string, T> Fields, IReadOnlyDictionary<string, string[]> Errors) Canonical<T>(
        IReadOnlyDictionary<string, T> fields, IEnumerable<string> customFieldKeys)
    {
        var keys = customFieldKeys.ToList();
        var canonical = new Dictionary<string, T>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, column) in fields)
        {
            var name = PlatformFields.IsCustom(field) ? PlatformFields.Custom(FieldKey.Resolve(PlatformFields.CustomKey(field), keys)) : field;
            if (!canonical.TryAdd(name, column))
            {
                errors[name] = [$"'{name}' is mapped more than once (custom field keys are case-insensitive)."];
            }
        }

        return (canonical, errors);
    }

    /// <summary>
    /// Checks a mapping against the rules: the required fields are mapped, every field is a platform field
    /// or a custom field the tenant defined, and every column name is non-blank and used once.
    /// Returns the problems by field; empty when the mapping is valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(
        IReadOnlyDictionary<string, string>? fields, IReadOnlySet<string> customFieldKeys)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        fields ??= new Dictionary<string, string>();
        foreach (var required in PlatformFields.Required)
        {
            if (!fields.ContainsKey(required))
            {
                Add(required, $"'{required}' is required: map it to a column of the file.");
            }
        }

        var columnsSeen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, column) in fields)
        {
            if (PlatformFields.IsCustom(field))
            {
                if (!customFieldKeys.Contains(PlatformFields.CustomKey(field)))
                {
                    Add(field, $"'{PlatformFields.CustomKey(field)}' is not a custom field of this tenant.");
                }
            }
            else if (!PlatformFields.Standard.Contains(field))
            {
                Add(field, $"'{field}' is not a platform field. Known fields: {string.Join(", ", PlatformFields.Standard)}, custom.<key>.");
            }

            if (string.IsNullOrWhiteSpace(column))
            {
                Add(field, "The column name must not be blank.");
            }
            else if (!columnsSeen.TryAdd(column.Trim(), field))
            {
                Add(field, $"Column '{column.Trim()}' is already mapped to '{columnsSeen[column.Trim()]}'.");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
