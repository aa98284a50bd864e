using System.Text.Json;
using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>JSON helpers for SCIM resources, whose attribute names are case-insensitive (RFC 7643 §2.1).</summary>
internal static class ScimJson
{
    /// <summary>The member of <paramref name="json"/> named <paramref name="name"/> in any case: its key as written, and value.</summary>
    public static bool TryGet(JsonObject json, string name, out string key, out JsonNode? value)
    {
        if (json.TryGetPropertyValue(name, out value))
        {
            key = name;
            return true;
        }

        foreach (var (candidate, node) in json)
        {
            if (AttributePath.SameName(candidate, name))
            {
                key = candidate;
                value = node;
                return true;
            }
        }

        key = name;
        value = null;
        return false;
    }

    public static JsonNode? Get(JsonObject json, string name) => TryGet(json, name, out _, out var value) ? value : null;

    /// <summary>Sets the member named <paramref name="name"/> in any case, keeping the existing key's spelling.</summary>
    public static void Set(JsonObject json, string name, JsonNode? value)
    {
        if (TryGet(json, name, out var key, out _))
        {
            json[key] = value;
        }
        else
        {
            json[name] = value;
        }
    }

    public static bool Remove(JsonObject json, string name) => TryGet(json, name, out var key, out _) && json.Remove(key);

    /// <summary>Unassigned in RFC 7643 §2.5's sense: missing, null, an empty array, or an object with no assigned member.</summary>
    public static bool IsUnassigned(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.All(IsUnassigned),
        JsonObject json => json.All(member => IsUnassigned(member.Value)),
        JsonValue value => value.GetValueKind() == JsonValueKind.Null,
        _ => false,
    };

    /// <summary>
    /// The node's text when it is a JSON string, also when the service built it from a .NET value that JSON writes
    /// as a string (a <see cref="DateTimeOffset"/>, a <see cref="Guid"/>).
    /// </summary>
    public static string? AsString(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var text))
        {
            return text;
        }

        using var written = JsonDocument.Parse(value.ToJsonString());
        return written.RootElement.GetString();
    }
}
