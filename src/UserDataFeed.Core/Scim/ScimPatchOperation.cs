using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>The PATCH operations of RFC 7644 §3.5.2.</summary>
public enum ScimPatchOp
{
    Add,
    Replace,
    Remove,
}

/// <summary>
/// A PATCH path (RFC 7644 §3.5.2, <c>PATH</c> of Figure 1): an attribute path, optionally with a value filter on a
/// multi-valued attribute and a sub-attribute of the matching values: <c>name.givenName</c>,
/// <c>members[value eq "2819c223"]</c>, <c>emails[type eq "work"].value</c>.
/// </summary>
public sealed record ScimPatchPath(AttributePath Attribute, ScimFilter? ValueFilter = null, string? SubAttribute = null)
{
    public override string ToString() =>
        ValueFilter is null ? Attribute.ToString() : $"{Attribute}[{ScimFilterPrinter.Print(ValueFilter)}]" + (SubAttribute is null ? "" : "." + SubAttribute);
}

/// <summary>One parsed operation: what to do, where (null: on the resource, with an object value), and the value as sent.</summary>
public sealed record ScimPatchOperation(ScimPatchOp Op, ScimPatchPath? Path, JsonNode? Value);

/// <summary>The patched resource, and whether the patch changed anything.</summary>
public sealed record ScimPatchResult(JsonObject Resource, bool Changed);
