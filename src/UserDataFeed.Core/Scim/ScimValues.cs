using System.Text.Json;
using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Turns a value a client sent into the JSON an attribute holds, or an <c>invalidValue</c> error naming the attribute.
/// It accepts the shapes identity providers are documented to send (see docs/scim.md): booleans as the strings
/// "True"/"False", a single value wrapped as <c>[{"value": x}]</c>, and a bare string for a complex attribute with a
/// <c>value</c> sub-attribute (the enterprise <c>manager</c>).
/// </summary>
internal static class ScimValues
{
    /// <summary>A whole value of <paramref name="attribute"/>: an array of values when it is multi-valued.</summary>
    public static JsonNode? Whole(JsonNode? value, ScimAttribute attribute, string at)
    {
        if (!attribute.MultiValued || value is null)
        {
            return One(value, attribute, at);
        }

        IEnumerable<JsonNode?> items = value is JsonArray array ? array : new[] { value };
        return new JsonArray([.. items.Where(item => item is not null).Select(item => One(item, attribute, at))]);
    }

    /// <summary>One value of <paramref name="attribute"/> (one element, when it is multi-valued).</summary>
    public static JsonNode? One(JsonNode? value, ScimAttribute attribute, string at)
    {
        if (value is null || value.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        if (!attribute.MultiValued && !attribute.IsComplex && WrappedSingle(value) is { } unwrapped)
        {
            value = unwrapped;
        }

        return attribute.Type switch
        {
            ScimAttributeType.Complex => Complex(value, attribute, at),
            ScimAttributeType.Boolean => Boolean(value, at),
            ScimAttributeType.Decimal or ScimAttributeType.Integer => value.GetValueKind() == JsonValueKind.Number
                && (attribute.Type == ScimAttributeType.Decimal || value.AsValue().TryGetValue<long>(out _))
                    ? value.DeepClone()
                    : throw Invalid(at, attribute.Type == ScimAttributeType.Integer ? "an integer" : "a number", value),
            ScimAttributeType.DateTime => ScimDates.TryParse(ScimJson.AsString(value), out _)
                ? value.DeepClone()
                : throw Invalid(at, "a dateTime like \"2026-01-31T00:00:00Z\"", value),
            _ => ScimJson.AsString(value) is not null ? value.DeepClone() : throw Invalid(at, "a string", value),
        };
    }

    private static JsonNode Complex(JsonNode value, ScimAttribute attribute, string at)
    {
        if (value is JsonValue && ScimJson.AsString(value) is { } text && attribute.SubAttribute("value") is { } valueAttribute)
        {
            return new JsonObject { [valueAttribute.Name] = text };
        }

        if (value is not JsonObject json)
        {
            throw Invalid(at, "an object", value);
        }

        var result = new JsonObject();
        foreach (var (name, member) in json)
        {
            var sub = attribute.SubAttribute(name)
                ?? throw new ScimException(ScimTypes.InvalidValue, $"{at}: '{attribute.Name}' has no sub-attribute '{name}'");
            if (One(member, sub, $"{at}.{sub.Name}") is { } converted)
            {
                result[sub.Name] = converted;
            }
        }

        return result;
    }

    private static JsonNode Boolean(JsonNode value, string at) => value.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => value.DeepClone(),
        JsonValueKind.String when bool.TryParse(value.GetValue<string>(), out var parsed) => JsonValue.Create(parsed),
        _ => throw Invalid(at, "true or false", value),
    };

    /// <summary><c>[{"value": x}]</c> (other members null), as some clients send one value of a single-valued attribute.</summary>
    private static JsonNode? WrappedSingle(JsonNode value) =>
        value is JsonArray { Count: 1 } array && array[0] is JsonObject only
        && ScimJson.TryGet(only, "value", out var key, out var inner)
        && only.All(member => member.Key == key || member.Value is null)
            ? inner
            : null;

    private static ScimException Invalid(string at, string expected, JsonNode value)
    {
        var shown = value.ToJsonString();
        return new ScimException(ScimTypes.InvalidValue, $"{at} must be {expected}, not {(shown.Length > 60 ? shown[..60] + "…" : shown)}");
    }
}
