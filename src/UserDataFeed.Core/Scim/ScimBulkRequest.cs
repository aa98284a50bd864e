using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>One operation of a Bulk request (RFC 7644 §3.7): its position in the request (0-based), method (upper case), bulkId, path, data and version.</summary>
public sealed record ScimBulkOperation(int Index, string Method, string? BulkId, string Path, JsonObject? Data, string? Version);

/// <summary>
/// A Bulk request (RFC 7644 §3.7) as read from its body: <c>failOnErrors</c> (null: every operation is tried) and its
/// operations. What is not a BulkRequest at all (no BulkRequest schema, no <c>Operations</c> array, an operation without
/// a method or path, a POST without a bulkId, a bulkId used twice) is <c>invalidSyntax</c> for the whole request; more
/// than <c>maxOperations</c> operations is 413 (§3.7.4).
/// </summary>
public sealed record ScimBulkRequest(int? FailOnErrors, IReadOnlyList<ScimBulkOperation> Operations)
{
    public const string RequestUrn = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public const string ResponseUrn = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    private static readonly string[] Methods = ["POST", "PUT", "PATCH", "DELETE"];

    public static ScimBulkRequest Parse(JsonNode? body, int maxOperations)
    {
        if (body is not JsonObject request)
        {
            throw Syntax("The body must be a JSON object: a BulkRequest.");
        }

        if (!(ScimJson.Get(request, "schemas") is JsonArray schemas && schemas.Any(s => string.Equals(ScimJson.AsString(s), RequestUrn, StringComparison.OrdinalIgnoreCase))))
        {
            throw Syntax($"schemas must list \"{RequestUrn}\".");
        }

        if (ScimJson.Get(request, "Operations") is not JsonArray operations)
        {
            throw Syntax("Operations must be an array of operations.");
        }

        // RFC 7644 §3.7.4: more operations than maxOperations is 413, with the limit in the detail.
        if (operations.Count > maxOperations)
        {
            throw new ScimException("", $"The bulk request has {operations.Count:N0} operations; maxOperations is {maxOperations:N0}.", 413);
        }

        var failOnErrors = ScimJson.Get(request, "failOnErrors") switch
        {
            null => (int?)null,
            JsonValue value when value.TryGetValue<int>(out var n) && n >= 1 => n,
            _ => throw new ScimException(ScimTypes.InvalidValue, "failOnErrors must be a whole number of at least 1 (the errors after which the rest is not done)."),
        };

        var read = new List<ScimBulkOperation>(operations.Count);
        var bulkIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < operations.Count; i++)
        {
            read.Add(ReadOperation(i, operations[i], bulkIds));
        }

        return new ScimBulkRequest(failOnErrors, read);
    }

    private static ScimBulkOperation ReadOperation(int index, JsonNode? node, HashSet<string> bulkIds)
    {
        var at = $"Operations[{index}]";
        if (node is not JsonObject operation)
        {
            throw Syntax($"{at} must be an object.");
        }

        var method = ScimJson.AsString(ScimJson.Get(operation, "method"))?.ToUpperInvariant();
        if (method is null || !Methods.Contains(method))
        {
            throw Syntax($"{at}.method must be one of {string.Join(", ", Methods)}.");
        }

        var path = ScimJson.AsString(ScimJson.Get(operation, "path"));
        if (string.IsNullOrWhiteSpace(path))
        {
            throw Syntax($"{at}.path is required: the resource type (POST) or the resource it changes, e.g. /Users/{{id}}.");
        }

        var bulkId = ScimJson.Get(operation, "bulkId") switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0 => text,
            _ => throw Syntax($"{at}.bulkId must be a non-empty string."),
        };
        if (bulkId is null && method == "POST")
        {
            throw Syntax($"{at}.bulkId is required for a POST (RFC 7644 §3.7).");
        }

        if (bulkId is not null && !bulkIds.Add(bulkId))
        {
            throw Syntax($"{at}.bulkId '{bulkId}' is used by an earlier operation: a bulkId names one operation of the request.");
        }

        var data = ScimJson.Get(operation, "data");
        if (method != "DELETE" && data is not JsonObject)
        {
            throw Syntax($"{at}.data must be an object: the resource (POST, PUT) or the PatchOp message (PATCH).");
        }

        var version = ScimJson.Get(operation, "version") switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw Syntax($"{at}.version must be a string: the resource's meta.version."),
        };
        return new ScimBulkOperation(index, method, bulkId, path.Trim(), method == "DELETE" ? null : (JsonObject)data!.DeepClone(), version);
    }

    private static ScimException Syntax(string reason) => new(ScimTypes.InvalidSyntax, reason);
}
