using System.Text.Json;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Users' histories: one row per change to a user, in the users' own partition of the users table, row key
/// <c>%H{userId}|{inverted ticks}|{source}</c>. Keyed by the user's id, which an email change keeps, so the history follows
/// the user; newest first within the user's range; and written in the same transaction as the change itself, so a
/// run stopped after any transaction leaves no change without its entry nor an entry without its change. Writing a
/// change again writes the same row. No user's row key starts with <c>%H</c> (see <see cref="Memberships"/>); the users
/// are read around both.
/// </summary>
public static class HistoryRows
{
    public const string Prefix = "%H";

    /// <summary>The first row key after every history row's.</summary>
    public const string End = "%I";

    /// <summary>A value longer than this is kept cut, with "…" (a table property holds at most 32K characters).</summary>
    public const int MaxValueLength = 1000;

    /// <summary>The longest the changes of one entry are kept, as JSON: values are cut shorter until they fit (a property holds 32K characters).</summary>
    public const int MaxFieldsLength = 30_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The first row key of a user's history.</summary>
    public static string UserStart(string userId) => Prefix + TableKeys.Escape(userId) + "|";

    /// <summary>The first row key after a user's history ('}' follows '|').</summary>
    public static string UserEnd(string userId) => Prefix + TableKeys.Escape(userId) + "}";

    public static string RowKey(HistoryEntry entry) =>
        $"{UserStart(entry.UserId)}{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}|{entry.Source.By}-{TableKeys.Escape(entry.Source.Id)}";

    /// <summary>A filter of one user's history.</summary>
    public static string Of(string tenantId, string userId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {UserStart(userId)} and RowKey lt {UserEnd(userId)}");

    /// <summary>A filter of the tenant's history rows older than <paramref name="before"/>.</summary>
    public static string OlderThan(string tenantId, DateTimeOffset before) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {Prefix} and RowKey lt {End} and At lt {before}");

    /// <summary>The history row a change makes, to go in the change's transaction; null when it moves no value or the plan did not read the user.</summary>
    public static TableTransactionAction? Of(string tenantId, UserChange change, HistorySource source)
    {
        var (before, after) = change switch
        {
            UserChange.Create create => (null, create.User),
            UserChange.Replace { Former: { } former } replace => (former, replace.User),
            _ => ((UserRecord?)null, (UserRecord?)null),
        };
        return after is not null && UserHistory.EntryOf(before, after, change.Cause, source, after.UpdatedAt) is { } entry
            ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, Entity(tenantId, entry))
            : null;
    }

    public static TableEntity Entity(string tenantId, HistoryEntry entry) => new(tenantId, RowKey(entry))
    {
        ["UserId"] = entry.UserId,
        ["Email"] = entry.Email,
        ["At"] = entry.At,
        ["By"] = entry.Source.By,
        ["SourceId"] = entry.Source.Id,
        ["FileKey"] = entry.Source.FileKey,
        ["Change"] = entry.Change,
        ["Fields"] = FieldsText(entry.Fields),
    };

    public static HistoryEntry ToEntry(TableEntity entity) => new(
        entity.GetString("UserId") ?? "",
        entity.GetString("Email") ?? "",
        entity.GetDateTimeOffset("At") ?? default,
        new HistorySource(entity.GetString("By") ?? "", entity.GetString("SourceId") ?? "", entity.GetString("FileKey")),
        entity.GetString("Change") ?? "",
        JsonSerializer.Deserialize<List<FieldChange>>(entity.GetString("Fields") ?? "[]", Json) ?? []);

    /// <summary>The changes as kept: each value cut at <see cref="MaxValueLength"/>, and at half that again while they pass <see cref="MaxFieldsLength"/> together.</summary>
    private static string FieldsText(IReadOnlyList<FieldChange> fields)
    {
        for (var cut = MaxValueLength; ; cut /= 2)
        {
            var text = JsonSerializer.Serialize(fields.Select(f => f with { From = Cut(f.From, cut), To = Cut(f.To, cut) }), Json);
            if (text.Length <= MaxFieldsLength || cut == 0)
            {
                return text;
            }
        }
    }

    private static string? Cut(string? value, int length) => value is not null && value.Length > length ? value[..length] + "…" : value;
}
