using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// A Bulk request's <c>bulkId:</c> references (RFC 7644 §3.7.2): a string <c>"bulkId:x"</c> in an operation's path or
/// data stands for the id of the resource the operation with bulkId <c>x</c> created. Operations run in the order sent, so
/// a reference resolves only to an earlier operation that succeeded; any other (unknown, later — a circular reference is
/// one —, or failed) is <c>invalidValue</c>.
/// </summary>
public sealed class ScimBulkReferences(IReadOnlySet<string> requestBulkIds)
{
    public const string Prefix = "bulkId:";

    private readonly Dictionary<string, string?> done = new(StringComparer.Ordinal);

    /// <summary>Records what the operation with this bulkId did: the id it created, or null when it failed.</summary>
    public void Record(string bulkId, string? createdId) => done[bulkId] = createdId;

    /// <summary>A path with its <c>bulkId:</c> segment replaced.</summary>
    public string ResolvePath(string path) =>
        string.Join('/', path.Split('/').Select(segment => segment.StartsWith(Prefix, StringComparison.Ordinal) ? IdOf(segment) : segment));

    /// <summary>Replaces, in place, every string of <paramref name="data"/> that is a <c>bulkId:</c> reference.</summary>
    public void ResolveIn(JsonNode? data)
    {
        switch (data)
        {
            case JsonObject json:
                foreach (var (key, value) in json.ToList())
                {
                    if (IsReference(value, out var reference))
                    {
                        json[key] = IdOf(reference);
                    }
                    else
                    {
                        ResolveIn(value);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsReference(array[i], out var reference))
                    {
                        array[i] = IdOf(reference);
                    }
                    else
                    {
                        ResolveIn(array[i]);
                    }
                }

                break;
        }
    }

    private static bool IsReference(JsonNode? node, out string reference)
    {
        reference = node is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith(Prefix, StringComparison.Ordinal) ? text : "";
        return reference.Length > 0;
    }

    private string IdOf(string reference)
    {
        var bulkId = reference[Prefix.Length..];
        if (done.TryGetValue(bulkId, out var id))
        {
            return id ?? throw new ScimException(ScimTypes.InvalidValue, $"'{reference}': the operation with bulkId '{bulkId}' failed, so there is no resource to refer to.");
        }

        throw new ScimException(ScimTypes.InvalidValue, requestBulkIds.Contains(bulkId)
            ? $"'{reference}': the operation with bulkId '{bulkId}' comes later in the request. Operations run in the order sent, so an operation may refer only to earlier ones (a circular reference cannot be resolved)."
            : $"'{reference}': no operation of this request has bulkId '{bulkId}'.");
    }
}
