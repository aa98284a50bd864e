namespace UserDataFeed.Core.Mapping;

/// <summary>
/// A rule of a mapping's scope: the rows the feed applies are those whose <see cref="Column"/> holds one of
/// <see cref="In"/>, or none of <see cref="NotIn"/> (values trimmed, compared case-insensitively; a blank cell is
/// the value ""). A row must pass every rule of the scope; the others are out of scope and count as absent.
/// </summary>
public sealed record ScopeRule(string Column, IReadOnlyList<string>? In = null, IReadOnlyList<string>? NotIn = null)
{
    /// <summary>The most rules a scope has.</summary>
    public const int MaxRules = MappingLimits.MaxScopeRules;

    /// <summary>The most values a rule lists.</summary>
    public const int MaxValues = MappingLimits.MaxScopeValues;

    /// <summary>Whether a row with <paramref name="value"/> in the rule's column passes it.</summary>
    public bool Admits(string value) =>
        In is not null ? Contains(In, value.Trim()) : !Contains(NotIn ?? [], value.Trim());

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The scope as it is saved: columns and values trimmed.</summary>
    public static IReadOnlyList<ScopeRule> Canonical(IEnumerable<ScopeRule> scope) =>
        [.. scope.Select(r => new ScopeRule(r.Column.Trim(), r.In?.Select(v => v.Trim()).ToList(), r.NotIn?.Select(v => v.Trim()).ToList()))];

    /// <summary>
    /// Checks a scope: at most <see cref="MaxRules"/> rules, each with a non-blank column and exactly one of
    /// <c>in</c> and <c>notIn</c>, listing 1 to <see cref="MaxValues"/> values. Returns the problems by rule
    /// (<c>scope[0]</c>, …); empty when the scope is valid.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Validate(IReadOnlyList<ScopeRule?>? scope)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (scope is null)
        {
            return errors;
        }

        if (scope.Count > MaxRules)
        {
            errors["scope"] = [$"A scope has at most {MaxRules} rules."];
            return errors;
        }

        for (var i = 0; i < scope.Count; i++)
        {
            var problems = scope[i] is { } rule ? Problems(rule).ToArray() : ["A scope rule is an object: {\"column\": \"Worker Type\", \"in\": [\"Employee\"]}."];
            if (problems.Length > 0)
            {
                errors[$"scope[{i}]"] = problems;
            }
        }

        return errors;
    }

    private static IEnumerable<string> Problems(ScopeRule rule)
    {
        if (string.IsNullOrWhiteSpace(rule.Column))
        {
            yield return "The column name must not be blank.";
        }

        if ((rule.In is null) == (rule.NotIn is null))
        {
            yield return "A scope rule has exactly one of 'in' (the values a row must have) and 'notIn' (the values it must not have).";
            yield break;
        }

        var values = rule.In ?? rule.NotIn!;
        if (values.Count is 0 or > MaxValues)
        {
            yield return $"A scope rule lists 1 to {MaxValues} values.";
        }

        if (values.Any(v => v is null))
        {
            yield return "A scope rule's values are strings.";
        }
    }
}
