using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Applies PATCH operations to a resource in JSON with RFC 7644 §3.5.2's semantics, on a copy: add to a multi-valued
/// attribute appends, add or replace on a complex attribute sets the sub-attributes given and keeps the others, replace
/// on a multi-valued attribute replaces all of its values, a value filter picks the values to replace or remove, and a
/// null value unassigns. Operations apply in order, all or none. Errors carry their scimType: invalidPath (no such
/// attribute), noTarget (a filter that matches no value where one is needed), invalidValue (wrong type) and mutability
/// (changing a readOnly attribute, or an immutable one that has a value).
/// </summary>
public sealed partial class ScimPatcher(ScimSchema schema)
{
    private readonly ScimFilterEvaluator evaluator = new(schema);

    public ScimPatchResult Apply(JsonObject resource, IReadOnlyList<ScimPatchOperation> operations)
    {
        var patched = resource.DeepClone().AsObject();
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            ScimPatchRequest.Within($"Operations[{i}]", () =>
            {
                ApplyOne(patched, operation);
                return true;
            });
        }

        return new ScimPatchResult(patched, !JsonNode.DeepEquals(resource, patched));
    }

    private void ApplyOne(JsonObject resource, ScimPatchOperation operation)
    {
        if (operation.Path is { ValueFilter: null } whole && schema.Extension(whole.Attribute.ToString()) is { } pathExtension)
        {
            ApplyToExtension(resource, operation.Op, pathExtension, operation.Value);
            return;
        }

        if (operation.Path is not null)
        {
            ApplyAt(resource, operation.Op, operation.Path, operation.Value);
            return;
        }

        // No path: the value's members are attributes (RFC 7644 §3.5.2.1), an extension's URN holding its attributes,
        // or (Entra, docs/scim.md) attribute paths such as "name.givenName" or "urn:…:User:employeeNumber".
        foreach (var (key, value) in (JsonObject)operation.Value!)
        {
            if (AttributePath.SameName(key, "schemas"))
            {
                continue;
            }

            if (schema.Extension(key) is { } extension)
            {
                ApplyToExtension(resource, operation.Op, extension, value);
                continue;
            }

            ApplyAt(resource, operation.Op, new ScimPatchPath(ReadKey(key)), value);
        }
    }

    /// <summary>A path that is an extension's URN: its attributes are the value's members; remove drops them all.</summary>
    private void ApplyToExtension(JsonObject resource, ScimPatchOp op, ScimSchemaExtension extension, JsonNode? value)
    {
        if (op == ScimPatchOp.Remove)
        {
            foreach (var attribute in extension.Attributes)
            {
                ApplyAt(resource, op, new ScimPatchPath(new AttributePath(extension.Urn, attribute.Name)), null);
            }

            ScimJson.Remove(resource, extension.Urn);
            return;
        }

        if (value is not JsonObject members)
        {
            throw new ScimException(ScimTypes.InvalidValue, $"'{extension.Urn}' must be an object of the schema's attributes");
        }

        foreach (var (name, member) in members)
        {
            ApplyAt(resource, op, new ScimPatchPath(ReadKey(name) with { SchemaUrn = extension.Urn }), member);
        }
    }

    private static AttributePath ReadKey(string key)
    {
        try
        {
            return ScimPaths.Parse(key, 0);
        }
        catch (ScimFilterException)
        {
            throw new ScimException(ScimTypes.InvalidPath, $"'{key}' is not an attribute name");
        }
    }

    private void ApplyAt(JsonObject resource, ScimPatchOp op, ScimPatchPath path, JsonNode? value)
    {
        var resolved = schema.Resolve(path.Attribute)
            ?? throw new ScimException(ScimTypes.InvalidPath, $"'{path.Attribute}' is not an attribute of this resource");
        var attribute = resolved.Attribute;
        var holder = Holder(resource, resolved, create: op != ScimPatchOp.Remove);
        if (holder is null)
        {
            return;
        }

        var before = ScimJson.Get(holder, attribute.Name)?.DeepClone();
        if (path.ValueFilter is not null)
        {
            ApplyFiltered(holder, op, path, resolved, value);
        }
        else if (resolved.Sub is not null && attribute.MultiValued)
        {
            ApplyToEachValue(holder, op, resolved, value);
        }
        else
        {
            ApplyPlain(holder, op, resolved, value);
        }

        CheckMutability(path, resolved, before, ScimJson.Get(holder, attribute.Name));
        if (resolved.ExtensionUrn is not null)
        {
            ListExtension(resource, resolved.ExtensionUrn);
        }
    }

    /// <summary>The object an attribute lives in: the resource, or its extension's object (made when adding).</summary>
    private static JsonObject? Holder(JsonObject resource, ScimResolvedPath resolved, bool create)
    {
        if (resolved.ExtensionUrn is null)
        {
            return resource;
        }

        if (ScimJson.Get(resource, resolved.ExtensionUrn) is JsonObject extension)
        {
            return extension;
        }

        if (!create)
        {
            return null;
        }

        var made = new JsonObject();
        ScimJson.Set(resource, resolved.ExtensionUrn, made);
        return made;
    }

    /// <summary>
    /// RFC 7643 §2.2: a readOnly attribute is the service's, an immutable one is set once. An operation that leaves them as
    /// they were passes (Okta renames a group with its unchanged id in the value).
    /// </summary>
    private static void CheckMutability(ScimPatchPath path, ScimResolvedPath resolved, JsonNode? before, JsonNode? after)
    {
        var target = resolved.Sub ?? (path.SubAttribute is { } sub ? resolved.Attribute.SubAttribute(sub) : null) ?? resolved.Attribute;
        var mutability = resolved.Attribute.Mutability == ScimMutability.ReadOnly ? ScimMutability.ReadOnly : target.Mutability;
        var changed = !JsonNode.DeepEquals(before, after);
        if (changed && (mutability == ScimMutability.ReadOnly || (mutability == ScimMutability.Immutable && !ScimJson.IsUnassigned(before))))
        {
            throw new ScimException(ScimTypes.Mutability, $"'{path}' is {(mutability == ScimMutability.ReadOnly ? "read-only" : "immutable")}");
        }
    }

    /// <summary>RFC 7643 §3: <c>schemas</c> lists the extensions a resource uses.</summary>
    private static void ListExtension(JsonObject resource, string urn)
    {
        if (ScimJson.Get(resource, "schemas") is JsonArray schemas && !schemas.Any(s => AttributePath.SameName(ScimJson.AsString(s), urn)))
        {
            schemas.Add(urn);
        }
    }
}

