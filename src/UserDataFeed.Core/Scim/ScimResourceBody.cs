using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// A resource a client sends whole (POST, PUT: RFC 7644 §3.3, §3.5.1), checked against the schema and in the shape the
/// service reads: it is applied as one replace without a path to an empty resource (<see cref="ScimPatcher"/>), so the
/// same value checks and client quirks hold as for a PATCH. The readOnly attributes a client may echo back (<c>id</c>,
/// <c>meta</c>, a user's <c>groups</c>) are ignored, as §3.5.1 says for PUT; <c>schemas</c>, when sent, must list the
/// resource's core schema.
/// </summary>
public static class ScimResourceBody
{
    private static readonly string[] ReadOnlyEchoes = ["id", "meta", "groups", "schemas"];

    public static JsonObject Read(JsonNode? body, ScimSchema schema)
    {
        if (body is not JsonObject sent)
        {
            throw new ScimException(ScimTypes.InvalidSyntax, "The body must be a JSON object: the resource.");
        }

        if (ScimJson.Get(sent, "schemas") is { } schemas
            && !(schemas is JsonArray list && list.Any(s => string.Equals(ScimJson.AsString(s), schema.CoreUrn, StringComparison.OrdinalIgnoreCase))))
        {
            throw new ScimException(ScimTypes.InvalidSyntax, $"schemas must list \"{schema.CoreUrn}\".");
        }

        var attributes = new JsonObject();
        foreach (var (key, value) in sent)
        {
            if (!ReadOnlyEchoes.Any(name => AttributePath.SameName(name, key)))
            {
                attributes[key] = value?.DeepClone();
            }
        }

        return new ScimPatcher(schema).Apply([], [new ScimPatchOperation(ScimPatchOp.Replace, null, attributes)]).Resource;
    }
}
