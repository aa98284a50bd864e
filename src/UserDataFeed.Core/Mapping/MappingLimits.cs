namespace UserDataFeed.Core.Mapping;

/// <summary>
/// The product limits of a mapping, checked when it is saved (400 naming the place) and declared in the OpenAPI
/// document. Chosen so that a mapping within them is what people write, and so that what is stored of it fits the
/// table property it goes in (<see cref="MappingJson.MaxChars"/>, which is checked as well).
/// </summary>
public static class MappingLimits
{
    /// <summary>The most fields a mapping maps: the platform's ten and custom ones.</summary>
    public const int MaxFields = 100;

    /// <summary>The longest column name: a field's, a scope rule's, a transform's extra column.</summary>
    public const int MaxColumnName = 256;

    /// <summary>The longest key or value of a <c>map</c> transform's <c>values</c>, and a <c>default</c>'s value.</summary>
    public const int MaxValue = 256;

    /// <summary>The most entries of a <c>map</c> transform's <c>values</c>.</summary>
    public const int MaxMapEntries = 1000;

    /// <summary>The most extra columns of a <c>coalesce</c> or <c>concat</c> transform.</summary>
    public const int MaxTransformColumns = 5;

    /// <summary>The longest <c>concat</c> separator.</summary>
    public const int MaxSeparator = 10;

    /// <summary>The most rules of a scope.</summary>
    public const int MaxScopeRules = 10;

    /// <summary>The most values a scope rule lists.</summary>
    public const int MaxScopeValues = 100;

    /// <summary>The longest value a scope rule lists.</summary>
    public const int MaxScopeValue = 256;

    /// <summary>
    /// The strings of a mapping that are over their length limits, by where they are (<c>fields.email</c>,
    /// <c>scope[0].in[2]</c>, <c>transforms.custom.dept.values["HR"]</c>, …). Null strings are left to the shape rules.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Check(
        IReadOnlyDictionary<string, string>? fields, IReadOnlyList<ScopeRule?>? scope, IReadOnlyDictionary<string, FieldTransform?>? transforms)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Long(string at, string? text, int max, string what)
        {
            if (text is { Length: var length } && length > max)
            {
                errors[at] = [$"{what} is at most {max:N0} characters; this one has {length:N0}."];
            }
        }

        if (fields?.Count > MaxFields)
        {
            errors["fields"] = [$"A mapping maps at most {MaxFields} fields; this one has {fields.Count:N0}."];
        }

        foreach (var (field, column) in fields ?? new Dictionary<string, string>())
        {
            Long($"fields.{field}", column, MaxColumnName, "A column name");
        }

        for (var i = 0; i < (scope?.Count ?? 0); i++)
        {
            if (scope![i] is not { } rule)
            {
                continue;
            }

            Long($"scope[{i}].column", rule.Column, MaxColumnName, "A column name");
            foreach (var (name, values) in new[] { ("in", rule.In), ("notIn", rule.NotIn) })
            {
                for (var j = 0; j < (values?.Count ?? 0); j++)
                {
                    Long($"scope[{i}].{name}[{j}]", values![j], MaxScopeValue, "A scope value");
                }
            }
        }

        foreach (var (field, transform) in transforms ?? new Dictionary<string, FieldTransform?>())
        {
            if (transform is null)
            {
                continue;
            }

            var at = $"transforms.{field}";
            Long($"{at}.value", transform.Value, MaxValue, "A default value");
            Long($"{at}.separator", transform.Separator, MaxSeparator, "A separator");
            for (var j = 0; j < (transform.Columns?.Count ?? 0); j++)
            {
                Long($"{at}.columns[{j}]", transform.Columns![j], MaxColumnName, "A column name");
            }

            if (transform.Values?.Keys.FirstOrDefault(k => k.Length > MaxValue) is { } longKey)
            {
                errors[$"{at}.values"] = [$"A value to replace is at most {MaxValue:N0} characters; one has {longKey.Length:N0}."];
                continue; // the key is not repeated in a name
            }

            foreach (var (key, value) in transform.Values ?? new Dictionary<string, string>())
            {
                Long($"{at}.values[{MappingJson.Quoted(key)}]", value, MaxValue, "A replacement value");
            }
        }

        return errors;
    }
}
