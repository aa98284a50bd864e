using System.Text.Json.Nodes;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The one place a schema becomes JSON: a Schema resource of RFC 7643 §7, each attribute with its type, multiValued,
/// required, caseExact, mutability, returned, uniqueness (and referenceTypes, subAttributes). The common attributes
/// (<c>id</c>, <c>externalId</c>, <c>meta</c>) belong to every resource and to no schema (RFC 7643 §3.1), so they are left out.
/// </summary>
public static class ScimSchemaDocument
{
    public const string SchemaUrn = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase) { "id", "externalId", "meta" };

    /// <summary>What each reference attribute may point at (RFC 7643 §4, §8.7.1).</summary>
    private static readonly Dictionary<string, string[]> ReferenceTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["profileUrl"] = ["external"],
        ["photos.value"] = ["external"],
        ["groups.$ref"] = ["User", "Group"],
        ["members.$ref"] = ["User", "Group"],
        ["manager.$ref"] = ["User"],
    };

    /// <summary>
    /// The Schema resource of <paramref name="urn"/> with <paramref name="attributes"/>, at <paramref name="location"/>;
    /// <paramref name="requiredAttribute"/> is the one a resource must have (RFC 7643 §4.1 <c>userName</c>, §4.2 <c>displayName</c>);
    /// <paramref name="descriptions"/> describe top-level attributes by name (a custom field's label).
    /// </summary>
    public static JsonObject Render(
        string urn, string name, string description, IEnumerable<ScimAttribute> attributes, string location,
        string? requiredAttribute = null, IReadOnlyDictionary<string, string>? descriptions = null)
    {
        var rendered = new JsonArray([.. attributes.Where(a => !Common.Contains(a.Name)).Select(a =>
        {
            var json = Attribute(a, null, requiredAttribute);
            if (descriptions?.GetValueOrDefault(a.Name) is { } text)
            {
                json["description"] = text;
            }

            return (JsonNode)json;
        })]);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(SchemaUrn),
            ["id"] = urn,
            ["name"] = name,
            ["description"] = description,
            ["attributes"] = rendered,
            ["meta"] = new JsonObject { ["resourceType"] = "Schema", ["location"] = location },
        };
    }

    private static JsonObject Attribute(ScimAttribute attribute, string? parent, string? requiredAttribute)
    {
        var path = parent is null ? attribute.Name : $"{parent}.{attribute.Name}";
        var json = new JsonObject
        {
            ["name"] = attribute.Name,
            ["type"] = TypeName(attribute.Type),
            ["multiValued"] = attribute.MultiValued,
            ["required"] = parent is null && attribute.Name == requiredAttribute,
            ["caseExact"] = attribute.CaseExact,
            ["mutability"] = attribute.Mutability switch
            {
                ScimMutability.ReadOnly => "readOnly",
                ScimMutability.Immutable => "immutable",
                ScimMutability.WriteOnly => "writeOnly",
                _ => "readWrite",
            },
            ["returned"] = attribute.Returned switch
            {
                ScimReturned.Always => "always",
                ScimReturned.Never => "never",
                ScimReturned.Request => "request",
                _ => "default",
            },
            ["uniqueness"] = path == "userName" ? "server" : "none", // a userName is unique in the tenant (RFC 7643 §4.1)
        };
        if (attribute.Type == ScimAttributeType.Reference)
        {
            json["referenceTypes"] = new JsonArray([.. (ReferenceTypes.GetValueOrDefault(path) ?? ["uri"]).Select(t => (JsonNode)t)]);
        }

        if (attribute.SubAttributes is { Count: > 0 } subs)
        {
            json["subAttributes"] = new JsonArray([.. subs.Select(s => Attribute(s, attribute.Name, requiredAttribute: null))]);
        }

        return json;
    }

    private static string TypeName(ScimAttributeType type) => type switch
    {
        ScimAttributeType.Boolean => "boolean",
        ScimAttributeType.Decimal => "decimal",
        ScimAttributeType.Integer => "integer",
        ScimAttributeType.DateTime => "dateTime",
        ScimAttributeType.Binary => "binary",
        ScimAttributeType.Reference => "reference",
        ScimAttributeType.Complex => "complex",
        _ => "string",
    };
}
