using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UserDataFeed.Core.Mapping;

/// <summary>
/// A mapping's parts as they are stored: each of <c>fields</c>, <c>scope</c> and <c>transforms</c> is JSON in one table
/// property, which holds at most 64 KiB of UTF-16 (32,768 characters). The same text is measured when the mapping is saved,
/// so a mapping that passes is one the store takes.
/// </summary>
public static class MappingJson
{
    /// <summary>The most characters a stored part may have (under the store's 32,768, with room to spare).</summary>
    public const int MaxChars = 32_000;

    /// <summary>
    /// Unset settings are left out; text outside ASCII is kept as it is (the default escaping would write each such
    /// character as six, and the limit is on what is stored, not on what a person sees).
    /// </summary>
    private static readonly JsonSerializerOptions Stored = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Fields(IReadOnlyDictionary<string, string> fields) => JsonSerializer.Serialize(fields, Stored);

    /// <summary>The scope as stored; null when there is none.</summary>
    public static string? Scope(IReadOnlyList<ScopeRule> scope) => scope.Count == 0 ? null : JsonSerializer.Serialize(scope, Stored);

    /// <summary>The transforms as stored; null when there are none.</summary>
    public static string? Transforms(IReadOnlyDictionary<string, FieldTransform> transforms) =>
        transforms.Count == 0 ? null : JsonSerializer.Serialize(transforms, Stored);

    public static IReadOnlyDictionary<string, string> ReadFields(string? json) =>
        json is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(json, Stored) ?? [];

    public static IReadOnlyList<ScopeRule> ReadScope(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<ScopeRule>>(json, Stored) ?? [];

    public static IReadOnlyDictionary<string, FieldTransform> ReadTransforms(string? json) =>
        json is null ? new Dictionary<string, FieldTransform>() : JsonSerializer.Deserialize<Dictionary<string, FieldTransform>>(json, Stored) ?? [];

    /// <summary>The stored parts over <see cref="MaxChars"/>, by part (<c>fields</c>, <c>scope</c>, <c>transforms</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> Check(FeedMapping mapping)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (part, json) in new[] { ("fields", Fields(mapping.Fields)), ("scope", Scope(mapping.Scope)), ("transforms", Transforms(mapping.Transforms)) })
        {
            if (json?.Length > MaxChars)
            {
                errors[part] = [$"Stored as JSON, '{part}' takes {json.Length:N0} characters; it may take at most {MaxChars:N0}. Shorten or remove some of it."];
            }
        }

        return errors;
    }

    /// <summary>A key as a JSON string, for naming a place such as <c>values["HR"]</c>.</summary>
    public static string Quoted(string key) => JsonSerializer.Serialize(key, Stored);
}
