using System.Text.Json;
using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Reads a PATCH body (RFC 7644 §3.5.2): <c>schemas</c> (when sent, it lists the PatchOp URN) and <c>Operations</c>,
/// each with <c>op</c> (add, replace or remove in any case: Entra sends "Add", "Replace", "Remove"), an optional
/// <c>path</c> and a <c>value</c>. Member names are case-insensitive. Problems are <see cref="ScimException"/>s naming
/// the operation.
/// </summary>
public static class ScimPatchRequest
{
    /// <summary>The most operations one PATCH may carry.</summary>
    public const int MaxOperations = 1000;

    public static IReadOnlyList<ScimPatchOperation> Parse(JsonNode? body)
    {
        if (body is not JsonObject request)
        {
            throw Syntax("the body must be a JSON object with \"schemas\" and \"Operations\"");
        }

        if (ScimJson.TryGet(request, "schemas", out _, out var schemas)
            && !(schemas is JsonArray list && list.Any(urn => AttributePath.SameName(ScimJson.AsString(urn), ScimSchemas.PatchOpUrn))))
        {
            throw Syntax($"\"schemas\" must list \"{ScimSchemas.PatchOpUrn}\"");
        }

        if (ScimJson.Get(request, "Operations") is not JsonArray operations || operations.Count == 0)
        {
            throw Syntax("\"Operations\" must be an array of one or more operations");
        }

        if (operations.Count > MaxOperations)
        {
            throw Syntax($"\"Operations\" has {operations.Count} operations; at most {MaxOperations} are allowed");
        }

        return [.. operations.Select(Operation)];
    }

    private static ScimPatchOperation Operation(JsonNode? node, int index)
    {
        var at = $"Operations[{index}]";
        if (node is not JsonObject operation)
        {
            throw Syntax($"{at} must be an object with \"op\", \"path\" and \"value\"");
        }

        var op = ScimJson.AsString(ScimJson.Get(operation, "op"))?.ToLowerInvariant() switch
        {
            "add" => ScimPatchOp.Add,
            "replace" => ScimPatchOp.Replace,
            "remove" => ScimPatchOp.Remove,
            _ => throw Syntax($"{at}.op must be \"add\", \"replace\" or \"remove\""),
        };

        var pathNode = ScimJson.Get(operation, "path");
        if (pathNode is not null && ScimJson.AsString(pathNode) is null)
        {
            throw new ScimException(ScimTypes.InvalidPath, $"{at}.path must be a string");
        }

        var path = pathNode is null ? null : Within(at + ".path", () => ScimPatchPathParser.Parse(ScimJson.AsString(pathNode)));
        var hasValue = ScimJson.TryGet(operation, "value", out _, out var value);
        if (op == ScimPatchOp.Remove && path is null)
        {
            throw new ScimException(ScimTypes.NoTarget, $"{at}: remove needs a \"path\" (RFC 7644 §3.5.2.2)");
        }

        if (op != ScimPatchOp.Remove && !hasValue)
        {
            throw new ScimException(ScimTypes.InvalidValue, $"{at}: {op.ToString().ToLowerInvariant()} needs a \"value\"");
        }

        if (op != ScimPatchOp.Remove && path is null && value is not JsonObject)
        {
            throw new ScimException(ScimTypes.InvalidValue, $"{at}: without a \"path\", the value must be an object of attributes");
        }

        return new ScimPatchOperation(op, path, value?.GetValueKind() == JsonValueKind.Null ? null : value?.DeepClone());
    }

    /// <summary>Runs <paramref name="read"/>, naming <paramref name="at"/> in any SCIM error it throws.</summary>
    internal static T Within<T>(string at, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ScimException error)
        {
            throw new ScimException(error.ScimType, $"{at}: {error.Reason}", error.Status);
        }
    }

    private static ScimException Syntax(string reason) => new(ScimTypes.InvalidSyntax, reason);
}
