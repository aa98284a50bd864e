using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Projects a resource to what a request asks for (RFC 7644 §3.4.2.5) by the attributes' <c>returned</c>
/// characteristic (RFC 7643 §7): <c>always</c> (id) is always there, as is <c>schemas</c>; <c>never</c> (password) never
/// is; <c>request</c> only when listed in <c>attributes</c>; <c>default</c> unless <c>attributes</c> leaves it out or
/// <c>excludedAttributes</c> lists it. Listing a sub-attribute (<c>name.givenName</c>) keeps or drops just that one.
/// Members the schema does not know go with the defaults.
/// </summary>
public static class ScimProjection
{
    public static JsonObject Project(JsonObject resource, ScimSchema schema, ScimAttributeSelection? attributes, ScimAttributeSelection? excluded)
    {
        var projected = new JsonObject();
        foreach (var (key, value) in resource)
        {
            if (AttributePath.SameName(key, "schemas"))
            {
                projected[key] = value?.DeepClone();
            }
            else if (schema.Extension(key) is { } extension)
            {
                var members = value is JsonObject json ? Members(json, extension.Attributes, extension.Urn, attributes, excluded) : null;
                if (members is { Count: > 0 })
                {
                    projected[key] = members;
                }
            }
            else if (schema.Attributes.FirstOrDefault(a => AttributePath.SameName(a.Name, key)) is { } attribute)
            {
                if (Attribute(value, attribute, extensionUrn: null, attributes, excluded) is { } kept)
                {
                    projected[key] = kept;
                }
            }
            else if (attributes is null)
            {
                projected[key] = value?.DeepClone();
            }
        }

        return projected;
    }

    private static JsonObject Members(JsonObject holder, IReadOnlyList<ScimAttribute> known, string urn, ScimAttributeSelection? attributes, ScimAttributeSelection? excluded)
    {
        var members = new JsonObject();
        foreach (var (key, value) in holder)
        {
            var attribute = known.FirstOrDefault(a => AttributePath.SameName(a.Name, key));
            var kept = attribute is null
                ? (attributes is null ? value?.DeepClone() : null)
                : Attribute(value, attribute, urn, attributes, excluded);
            if (kept is not null)
            {
                members[key] = kept;
            }
        }

        return members;
    }

    private static JsonNode? Attribute(JsonNode? value, ScimAttribute attribute, string? extensionUrn, ScimAttributeSelection? attributes, ScimAttributeSelection? excluded)
    {
        switch (attribute.Returned)
        {
            case ScimReturned.Never:
                return null;
            case ScimReturned.Always:
                return value?.DeepClone();
        }

        var listedWhole = attributes?.ListsWhole(extensionUrn, attribute) ?? false;
        var listedSubs = attributes?.ListsAnySub(extensionUrn, attribute) ?? false;
        var included = attributes is null ? attribute.Returned != ScimReturned.Request : listedWhole || listedSubs;
        if (!included || (excluded?.ListsWhole(extensionUrn, attribute) ?? false))
        {
            return null;
        }

        if (!attribute.IsComplex)
        {
            return value?.DeepClone();
        }

        JsonObject? Keep(JsonObject complex)
        {
            var kept = new JsonObject();
            foreach (var (name, member) in complex)
            {
                var sub = attribute.SubAttribute(name);
                var keep = sub is null
                    ? !listedSubs || listedWhole
                    : sub.Returned == ScimReturned.Always
                      || (sub.Returned != ScimReturned.Never
                          && (listedWhole || !listedSubs || attributes!.ListsSub(extensionUrn, attribute, sub))
                          && !(excluded?.ListsSub(extensionUrn, attribute, sub) ?? false));
                if (keep)
                {
                    kept[name] = member?.DeepClone();
                }
            }

            return kept.Count > 0 ? kept : null;
        }

        return value switch
        {
            JsonObject complex => Keep(complex),
            JsonArray values => new JsonArray([.. values.OfType<JsonObject>().Select(Keep).Where(kept => kept is not null)]),
            _ => value?.DeepClone(),
        };
    }
}
