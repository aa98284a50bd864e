using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// A user entity's values as one JSON text, kept inside another entity (a history entry, the start of a user's history)
/// and turned back into the same typed properties: a string, a bool and an int as JSON's own, a long as
/// <c>{"l":"…"}</c>, an instant as <c>{"d":"…"}</c>. Text longer than a property may hold is kept in several.
/// </summary>
public static class EntityValues
{
    /// <summary>The most characters kept in one string property (a property holds 64 KiB, 32K characters).</summary>
    private const int PieceLength = 30_000;

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The entity's own values (not its keys, timestamp, ETag, nor those <paramref name="except"/> names) as a JSON object.</summary>
    public static string Write(TableEntity entity, Func<string, bool>? except = null) => Json(writer => Write(writer, entity, except));

    /// <summary>Writes the values as <see cref="Write(TableEntity, Func{string, bool}?)"/> does, as the next value of <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, TableEntity entity, Func<string, bool>? except = null)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in entity)
        {
            if (Keys.Contains(name) || except?.Invoke(name) == true)
            {
                continue;
            }

            switch (value)
            {
                case string text:
                    writer.WriteString(name, text);
                    break;
                case bool flag:
                    writer.WriteBoolean(name, flag);
                    break;
                case int number:
                    writer.WriteNumber(name, number);
                    break;
                case long number:
                    writer.WriteStartObject(name);
                    writer.WriteString("l", number.ToString(CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                    break;
                case DateTimeOffset at:
                    writer.WriteStartObject(name);
                    writer.WriteString("d", at);
                    writer.WriteEndObject();
                    break;
                default:
                    throw new ArgumentException($"A user's '{name}' of type {value?.GetType().Name ?? "null"} is not kept in a history.", nameof(entity));
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The JSON <paramref name="write"/> writes, as text (written once into a buffer: one a user, many a second).</summary>
    public static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        // Kept in a table, never put in a page as it is: letters outside ASCII stay as they are, a character each, not six.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The values <see cref="Write"/> wrote, into <paramref name="into"/> (a merge: each replaces the one of its name).</summary>
    public static void Read(JsonObject values, IDictionary<string, object> into)
    {
        foreach (var (name, node) in values)
        {
            into[name] = node switch
            {
                JsonObject typed when typed["l"] is { } number => long.Parse(number.GetValue<string>(), CultureInfo.InvariantCulture),
                JsonObject typed when typed["d"] is { } at => DateTimeOffset.Parse(at.GetValue<string>(), CultureInfo.InvariantCulture),
                JsonValue value => value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
                    _ => value.GetValue<int>(),
                },
                _ => throw new FormatException($"A kept value '{name}' is not one a user has."),
            };
        }
    }

    /// <summary>Sets <paramref name="text"/> as the property <paramref name="name"/>, continued in <c>name1</c>, <c>name2</c>… when it is longer than one may hold.</summary>
    public static void SetLongText(TableEntity entity, string name, string text)
    {
        for (int piece = 0, at = 0; at < text.Length || piece == 0; piece++, at += PieceLength)
        {
            entity[piece == 0 ? name : name + piece.ToString(CultureInfo.InvariantCulture)] = text.Substring(at, Math.Min(PieceLength, text.Length - at));
        }
    }

    /// <summary>The text <see cref="SetLongText"/> set, or null when the entity has none of that name.</summary>
    public static string? GetLongText(TableEntity entity, string name)
    {
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        var text = new System.Text.StringBuilder(first);
        for (var piece = 1; entity.GetString(name + piece.ToString(CultureInfo.InvariantCulture)) is { } next; piece++)
        {
            text.Append(next);
        }

        return text.ToString();
    }

    /// <summary>Whether a property is one of those <see cref="SetLongText"/> sets under <paramref name="name"/>.</summary>
    public static bool IsLongText(string property, string name) =>
        property.StartsWith(name, StringComparison.Ordinal) && property.AsSpan(name.Length).IndexOfAnyExceptInRange('0', '9') < 0;
}
