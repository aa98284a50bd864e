namespace UserDataFeed.Core.Mapping;

/// <summary>A mapping as checked: the mapping to save (canonical and trimmed) when it is valid, else its problems by where they are.</summary>
public sealed record MappingCheck(FeedMapping? Mapping, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// The one check of a whole mapping document (fields, scope, transforms), which the save runs (and the fuzzer with it):
/// a mapping that passes can be stored and planned. Values are taken as a JSON body gives them, so any of them may be
/// null whatever the types say.
/// </summary>
public static class MappingRules
{
    /// <summary>
    /// The save's check: the field rules (<see cref="FeedMapping.Validate"/>), the transforms' and the scope's, the
    /// lengths (<see cref="MappingLimits"/>) and what is stored (<see cref="MappingJson.MaxChars"/>).
    /// </summary>
    public static MappingCheck Check(
        IReadOnlyDictionary<string, string>? fields,
        IReadOnlyList<ScopeRule?>? scope,
        IReadOnlyDictionary<string, FieldTransform?>? transforms,
        IReadOnlyCollection<string> customFieldKeys)
    {
        var keys = customFieldKeys.ToHashSet(StringComparer.Ordinal);
        var lengths = MappingLimits.Check(fields, scope, transforms);
        var check = Shape(fields, scope, transforms, keys, lengths);
        if (check.Mapping is not { } mapping)
        {
            return check;
        }

        var stored = MappingJson.Check(mapping);
        return stored.Count > 0 ? new MappingCheck(null, stored) : check;
    }

    /// <summary>
    /// Why a mapping as stored cannot be planned, or null when it can: the same rules as the save but for the lengths
    /// and the tenant's custom fields (a mapping saved before a rule existed still plans if the planner can plan it).
    /// The reason names the first problem's place, e.g. <c>transforms.custom.dept.values["HR"]</c>.
    /// </summary>
    public static string? ProblemOf(FeedMapping stored)
    {
        var ownKeys = stored.Fields.Keys.Where(PlatformFields.IsCustom).Select(PlatformFields.CustomKey).ToHashSet(StringComparer.Ordinal);
        var check = Shape(
            stored.Fields,
            stored.Scope?.Select(r => (ScopeRule?)r).ToList(),
            stored.Transforms?.ToDictionary(t => t.Key, t => (FieldTransform?)t.Value),
            ownKeys,
            new Dictionary<string, string[]>());
        return check.Errors.Count == 0
            ? null
            : "The saved mapping is not valid (it was saved before its rules were checked as they are now): "
                + string.Join("; ", check.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Take(3).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
                + ". Save the mapping again with this corrected; until then every file fails.";
    }

    private static MappingCheck Shape(
        IReadOnlyDictionary<string, string>? fields,
        IReadOnlyList<ScopeRule?>? scope,
        IReadOnlyDictionary<string, FieldTransform?>? transforms,
        IReadOnlySet<string> customFieldKeys,
        IReadOnlyDictionary<string, string[]> lengths)
    {
        var (canonical, twice) = FeedMapping.Canonical(fields ?? new Dictionary<string, string>(), customFieldKeys);
        var (canonicalTransforms, transformedTwice) = FeedMapping.Canonical(transforms ?? new Dictionary<string, FieldTransform?>(), customFieldKeys);
        var errors = (twice.Count > 0 ? twice : FeedMapping.Validate(canonical, customFieldKeys)).ToDictionary(e => $"fields.{e.Key}", e => e.Value, StringComparer.Ordinal);
        var transformErrors = transformedTwice.Count > 0
            ? transformedTwice.ToDictionary(e => $"transforms.{e.Key}", e => e.Value)
            : FieldTransform.Validate(canonicalTransforms, canonical);
        foreach (var (key, problems) in ScopeRule.Validate(scope).Concat(transformErrors).Concat(lengths))
        {
            errors[key] = errors.TryGetValue(key, out var earlier) ? [.. earlier, .. problems] : problems;
        }

        if (errors.Count > 0)
        {
            return new MappingCheck(null, errors);
        }

        var mapping = new FeedMapping(canonical.ToDictionary(f => f.Key, f => f.Value.Trim(), StringComparer.Ordinal))
        {
            Scope = ScopeRule.Canonical(scope?.Select(r => r!) ?? []),
            Transforms = canonicalTransforms.ToDictionary(t => t.Key, t => t.Value!, StringComparer.Ordinal),
        };
        return new MappingCheck(mapping, errors);
    }
}
