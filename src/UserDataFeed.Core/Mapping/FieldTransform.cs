namespace UserDataFeed.Core.Mapping;

/// <summary>
/// A transform of one mapped field's value, declared in the mapping (<see cref="FeedMapping.Transforms"/>), applied to
/// the trimmed cell before the field's rules check it. One of a small fixed set (<see cref="Kinds"/>):
/// <list type="bullet">
/// <item><c>lower</c>, <c>upper</c>: the value in lower or upper case (invariant culture).</item>
/// <item><c>default</c>: <see cref="Value"/> when the cell is blank.</item>
/// <item><c>map</c>: the cell looked up in <see cref="Values"/> (trimmed, any case); a value not in it is kept as it
/// is, or is a row error when <see cref="Unmatched"/> is <c>error</c>.</item>
/// <item><c>coalesce</c>: the first non-blank of the field's column, then <see cref="Columns"/>.</item>
/// <item><c>concat</c>: the non-blank values of the field's column and <see cref="Columns"/>, joined by
/// <see cref="Separator"/> (a space unless given).</item>
/// </list>
/// </summary>
public sealed record FieldTransform(
    string Kind,
    string? Value = null,
    IReadOnlyDictionary<string, string>? Values = null,
    string? Unmatched = null,
    IReadOnlyList<string>? Columns = null,
    string? Separator = null)
{
    public const string Lower = "lower";
    public const string Upper = "upper";
    public const string Default = "default";
    public const string Map = "map";
    public const string Coalesce = "coalesce";
    public const string Concat = "concat";

    public const string Keep = "keep";
    public const string Error = "error";

    public static readonly IReadOnlyList<string> Kinds = [Lower, Upper, Default, Map, Coalesce, Concat];

    private const int MaxColumns = MappingLimits.MaxTransformColumns;
    private const int MaxMapEntries = MappingLimits.MaxMapEntries;
    private const int MaxSeparator = MappingLimits.MaxSeparator;

    /// <summary>The columns the transform reads besides the field's own.</summary>
    public IReadOnlyList<string> MoreColumns => Kind is Coalesce or Concat ? Columns ?? [] : [];

    /// <summary>The transform as text (its JSON), the same for the same saved transform: part of what seeds the row hashes.</summary>
    public string Describe() => System.Text.Json.JsonSerializer.Serialize(this);

    /// <summary>
    /// Checks the transforms of a mapping: each names a mapped field, has a known kind and exactly the settings its kind
    /// takes. Returns the problems by <c>transforms.&lt;field&gt;</c> (and a <c>map</c>'s value that is not a string by
    /// <c>transforms.&lt;field&gt;.values["key"]</c>); empty when they are valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(IReadOnlyDictionary<string, FieldTransform?>? transforms, IReadOnlyDictionary<string, string> fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, transform) in transforms ?? new Dictionary<string, FieldTransform?>())
        {
            var problems = (fields.ContainsKey(field)
                ? transform is null ? ["A transform is an object, e.g. {\"kind\": \"lower\"}."] : Problems(transform).ToArray()
                : [$"'{field}' is not mapped: a transform applies to a mapped field's column."]);
            if (problems.Length > 0)
            {
                errors[$"transforms.{field}"] = problems;
            }

            // A JSON null passes for a string when it is read; the planner would meet it in every row.
            foreach (var (key, value) in transform is { Kind: Map, Values: { } values } ? values : new Dictionary<string, string>())
            {
                if (value is null)
                {
                    errors[$"transforms.{field}.values[{MappingJson.Quoted(key)}]"] = [$"A 'map' transform replaces a value with a string; {MappingJson.Quoted(key)} is given null."];
                }
            }
        }

        return errors;
    }

    private static IEnumerable<string> Problems(FieldTransform t)
    {
        if (t.Kind is null || !Kinds.Contains(t.Kind))
        {
            yield return $"The kind must be one of {string.Join(", ", Kinds)}.";
            yield break;
        }

        foreach (var (name, given, takes) in new[]
        {
            ("value", t.Value is not null, t.Kind == Default),
            ("values", t.Values is not null, t.Kind == Map),
            ("unmatched", t.Unmatched is not null, t.Kind == Map),
            ("columns", t.Columns is not null, t.Kind is Coalesce or Concat),
            ("separator", t.Separator is not null, t.Kind == Concat),
        })
        {
            if (given && !takes)
            {
                yield return $"A '{t.Kind}' transform takes no '{name}'.";
            }
        }

        switch (t.Kind)
        {
            case Default when string.IsNullOrWhiteSpace(t.Value):
                yield return "A 'default' transform needs a non-blank 'value'.";
                break;
            case Map when t.Values is null || t.Values.Count is 0 or > MaxMapEntries:
                yield return $"A 'map' transform needs 'values', 1 to {MaxMapEntries} entries such as {{\"HR\": \"Human Resources\"}}.";
                break;
            case Map when t.Values!.Keys.Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != t.Values.Count:
                yield return "A 'map' transform lists each value once (values are compared in any case).";
                break;
            case Map when t.Unmatched is not null and not (Keep or Error):
                yield return "'unmatched' is 'keep' (the value stays as it is, the default) or 'error' (the row is in error).";
                break;
            case Coalesce or Concat when t.Columns is null || t.Columns.Count is 0 or > MaxColumns || t.Columns.Any(string.IsNullOrWhiteSpace):
                yield return $"A '{t.Kind}' transform needs 'columns', 1 to {MaxColumns} non-blank column names read after the field's own.";
                break;
            case Concat when t.Separator is { Length: > MaxSeparator }:
                yield return $"The separator is at most {MaxSeparator} characters.";
                break;
        }
    }

    /// <summary>The transform of one field in a layout: where its values are in a row, and the lookup of a <c>map</c> made once.</summary>
    public sealed class Step
    {
        private readonly Dictionary<string, string>? lookup;

        internal Step(FieldTransform transform, int field, int[] more)
        {
            Transform = transform;
            Field = field;
            More = more;
            lookup = transform.Kind == Map
                ? transform.Values!.ToDictionary(p => p.Key.Trim(), p => p.Value.Trim(), StringComparer.OrdinalIgnoreCase)
                : null;
        }

        public FieldTransform Transform { get; }

        /// <summary>The index of the field's value in a row.</summary>
        public int Field { get; }

        /// <summary>The indexes of the values of <see cref="MoreColumns"/> in a row.</summary>
        public IReadOnlyList<int> More { get; }

        /// <summary>
        /// The field's transformed value in a row of trimmed values; null when a <c>map</c> that refuses unmatched
        /// values has no entry for it.
        /// </summary>
        public string? Apply(string[] values)
        {
            var cell = values[Field];
            return Transform.Kind switch
            {
                Lower => cell.ToLowerInvariant(),
                Upper => cell.ToUpperInvariant(),
                Default => cell.Length == 0 ? Transform.Value!.Trim() : cell,
                Map => lookup!.TryGetValue(cell, out var mapped) ? mapped : Transform.Unmatched == Error ? null : cell,
                Coalesce => cell.Length > 0 ? cell : More.Select(i => values[i]).FirstOrDefault(v => v.Length > 0) ?? "",
                Concat => string.Join(Transform.Separator ?? " ", More.Select(i => values[i]).Prepend(cell).Where(v => v.Length > 0)),
                _ => throw new InvalidOperationException($"Unknown transform '{Transform.Kind}'."),
            };
        }
    }
}
