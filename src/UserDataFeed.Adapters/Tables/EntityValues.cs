using System.Globalization;
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

    /// <summary>The entity's own values (not its keys, timestamp, ETag, nor those <paramref name="except"/> names) as JSON.</summary>
    public static JsonObject Write(TableEntity entity, Func<string, bool>? except = null)
    {
        var values = new JsonObject();
        foreach (var (name, value) in entity)
        {
            if (Keys.Contains(name) || except?.Invoke(name) == true)
            {
                continue;
            }

            values[name] = value switch
            {
                string text => JsonValue.Create(text),
                bool flag => JsonValue.Create(flag),
                int number => JsonValue.Create(number),
                long number => new JsonObject { ["l"] = number.ToString(CultureInfo.InvariantCulture) },
                DateTimeOffset at => new JsonObject { ["d"] = at.ToString("O", CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"A user's '{name}' of type {value?.GetType().Name ?? "null"} is not kept in a history.", nameof(entity)),
            };
        }

        return values;
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
