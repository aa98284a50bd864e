using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// A SCIM request body read as JSON, every part of it readable: UTF-8 text, one value per member name, at most
/// <see cref="MaxDepth"/> levels, and every string and name whole (an escaped lone surrogate is refused here, not
/// when a rule first reads the value). What is not is <c>invalidSyntax</c>. A JSON tree is read lazily by
/// System.Text.Json, so without this a body could parse and then fail in whatever code read it first.
/// </summary>
public static class ScimBody
{
    /// <summary>The deepest nesting a body may have: a SCIM resource or PATCH is a few levels deep.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    public static JsonNode Parse(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw Syntax("the body is not UTF-8 text");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, documentOptions: Options);
        }
        catch (JsonException ex)
        {
            throw Syntax($"the body is not JSON, or names a member twice (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }

        if (node is null)
        {
            throw Syntax("the body is null");
        }

        try
        {
            ReadWhole(node);
        }
        catch (InvalidOperationException)
        {
            throw Syntax("the body holds a string that is not valid Unicode (an unpaired surrogate escape)");
        }

        return node;
    }

    /// <summary>Reads every name and string once, so any that cannot be read fails here.</summary>
    private static void ReadWhole(JsonNode root)
    {
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o)
                    {
                        _ = name.Length;
                        if (value is not null)
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                    {
                        if (item is not null)
                        {
                            pending.Push(item);
                        }
                    }

                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    _ = v.GetValue<string>();
                    break;
            }
        }
    }

    private static ScimException Syntax(string reason) => new(ScimTypes.InvalidSyntax, reason);
}
