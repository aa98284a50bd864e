using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// A resource as the filter evaluator reads it, so the service can filter users without writing each one as SCIM JSON.
/// <see cref="JsonResourceView"/> reads a resource that is JSON already.
/// </summary>
public interface IScimResourceView
{
    /// <summary>
    /// The values at <paramref name="path"/>: none when it is unassigned, one for a single value, each element of a
    /// multi-valued attribute, and for a sub-attribute of a multi-valued attribute (<c>emails.value</c>) that
    /// sub-attribute of each element. A core attribute's path has no URN; an extension attribute's has its extension's.
    /// Names are compared case-insensitively.
    /// </summary>
    IReadOnlyList<JsonNode> ValuesOf(AttributePath path);
}

/// <summary>A SCIM resource in JSON (or one value of a multi-valued complex attribute, for a value path's filter).</summary>
public sealed class JsonResourceView(JsonObject resource) : IScimResourceView
{
    public IReadOnlyList<JsonNode> ValuesOf(AttributePath path)
    {
        var holder = path.SchemaUrn is null ? resource : ScimJson.Get(resource, path.SchemaUrn) as JsonObject;
        var attribute = holder is null ? null : ScimJson.Get(holder, path.Name);
        List<JsonNode> values = [];
        IEnumerable<JsonNode?> items = attribute is JsonArray array ? array : new[] { attribute };
        foreach (var value in items)
        {
            var found = path.SubAttribute is null ? value : value is JsonObject json ? ScimJson.Get(json, path.SubAttribute) : null;
            if (found is JsonArray inner)
            {
                values.AddRange(inner.OfType<JsonNode>().Where(node => !ScimJson.IsUnassigned(node)));
            }
            else if (!ScimJson.IsUnassigned(found))
            {
                values.Add(found!);
            }
        }

        return values;
    }
}
