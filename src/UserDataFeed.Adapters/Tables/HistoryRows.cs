using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Users' histories, kept as what each write put into the user, and read by replaying those writes from where the
/// history starts: an entry's "from" is the value before it, so no change needs the user read before it is written.
/// <list type="bullet">
/// <item>Where a user's history starts (their values as created, and by whom) is kept in their own entity
/// (<see cref="UserProperties.HistoryStart"/>), so creating a user costs no second entity.</item>
/// <item>Every later write is an entry: a row in the users' partition, key
/// <c>%H{user's row key}%!{inverted ticks}|{source}</c>, holding the values the write merged into the user (or, for a
/// write of the whole user, all of them), its source and its cause. It goes in the write's own transaction, so a run
/// stopped after any transaction leaves no change without its entry nor an entry without its change.</item>
/// <item>An email change moves the user to another row key: the new entity keeps the start and lists the keys the user had
/// before (<see cref="UserProperties.HistoryKeys"/>, each with when they left it), so the history is read across all of them.</item>
/// <item>Retention deletes an old entry only when newer old entries wrote every value it wrote (<see cref="Superseded"/>):
/// what is kept is enough to replay the values at the retention's cutoff; entries before it are not shown.</item>
/// </list>
/// "%!" cannot occur in an escaped key ('%' is escaped as "%25"), so no user's range holds another's entries.
/// </summary>
public static class HistoryRows
{
    public const string Prefix = "%H";

    /// <summary>The first row key after every history row's.</summary>
    public const string End = "%I";

    /// <summary>A value longer than this is shown cut, with "…", so one page of a history stays small.</summary>
    public const int MaxValueLength = 1000;

    /// <summary>The row key a shown creation goes by in a page's order (it is no row of its own).</summary>
    private const string StartKey = "~";

    private const string Separator = "%!", SeparatorEnd = "%\"";

    // A history entry's properties: when, by what source (its kind, its id, the file), why, whether it wrote the whole user, and what it wrote.
    private const string EntryAt = "At";
    private const string EntryBy = "By";
    private const string EntrySourceId = "SourceId";
    private const string EntryFileKey = "FileKey";
    private const string EntryCause = "Cause";
    private const string EntryWhole = "Whole";
    private const string WroteProperty = "Wrote";

    /// <summary>Whether a property of a user's entity is their history's, not one of their values.</summary>
    public static bool IsHistoryProperty(string name) => name == UserProperties.HistoryKeys || EntityValues.IsLongText(name, UserProperties.HistoryStart);

    public static string RowKey(string userRowKey, DateTimeOffset at, HistorySource source) =>
        $"{Prefix}{userRowKey}{Separator}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}|{source.By}-{TableKeys.Escape(source.Id)}";

    /// <summary>A filter of the entries written under one row key of users.</summary>
    public static string Of(string tenantId, string userRowKey) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {Prefix + userRowKey + Separator} and RowKey lt {Prefix + userRowKey + SeparatorEnd}");

    /// <summary>A filter of the tenant's history rows older than <paramref name="before"/>.</summary>
    public static string OlderThan(string tenantId, DateTimeOffset before) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {Prefix} and RowKey lt {End}") + $" and {EntryAt} lt " + TableClient.CreateQueryFilter($"{before}");

    /// <summary>When a history entry's write was made.</summary>
    public static DateTimeOffset? AtOf(TableEntity entry) => entry.GetDateTimeOffset(EntryAt);

    /// <summary>Keeps in a new user's entity where their history starts: the values it holds, the source that created them and why.</summary>
    public static void SetStart(TableEntity user, HistorySource source, ChangeCause cause)
    {
        var start = EntityValues.Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("at", user.GetDateTimeOffset(UserProperties.CreatedAt) ?? default);
            writer.WriteString("by", source.By);
            writer.WriteString("id", source.Id);
            if (source.FileKey is { } fileKey)
            {
                writer.WriteString("fileKey", fileKey);
            }

            writer.WriteNumber("cause", (int)cause);
            writer.WritePropertyName("values");
            EntityValues.Write(writer, user, IsHistoryProperty);
            writer.WriteEndObject();
        });
        EntityValues.SetLongText(user, UserProperties.HistoryStart, start);
    }

    /// <summary>
    /// The entry a write of a user makes, to go in its transaction: the values <paramref name="written"/> holds (all of the
    /// user's when <paramref name="whole"/>), when (its UpdatedAt), by what and why.
    /// </summary>
    public static TableTransactionAction Entry(string tenantId, TableEntity written, bool whole, ChangeCause cause, HistorySource source)
    {
        var at = written.GetDateTimeOffset(UserProperties.UpdatedAt) ?? throw new ArgumentException("A write of a user sets UpdatedAt.", nameof(written));
        var entity = new TableEntity(tenantId, RowKey(written.RowKey, at, source))
        {
            [EntryAt] = at,
            [EntryBy] = source.By,
            [EntrySourceId] = source.Id,
            [EntryFileKey] = source.FileKey,
            [EntryCause] = (int)cause,
            [EntryWhole] = whole,
        };
        EntityValues.SetLongText(entity, WroteProperty, EntityValues.Write(written, IsHistoryProperty));
        return new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
    }

    /// <summary>The row keys of users whose entries make a user's history, each with the span of time it was theirs.</summary>
    public static IReadOnlyList<(string RowKey, DateTimeOffset Since, DateTimeOffset Until)> KeysOf(TableEntity user)
    {
        var keys = new List<(string, DateTimeOffset, DateTimeOffset)>();
        var since = user.GetDateTimeOffset(UserProperties.CreatedAt) ?? DateTimeOffset.MinValue;
        if (user.GetString(UserProperties.HistoryKeys) is { Length: > 0 } former)
        {
            foreach (var key in JsonNode.Parse(former)!.AsArray())
            {
                var until = DateTimeOffset.Parse(key!["until"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                keys.Add((key["key"]!.GetValue<string>(), since, until));
                since = until;
            }
        }

        keys.Add((user.RowKey, since, DateTimeOffset.MaxValue));
        return keys;
    }

    /// <summary>
    /// Carries a user's history to the entity that replaces theirs under another row key (an email change at
    /// <paramref name="at"/>): where it starts, and the keys they had, this one added.
    /// </summary>
    public static void Carry(TableEntity from, TableEntity to, DateTimeOffset at)
    {
        foreach (var (name, value) in from)
        {
            if (EntityValues.IsLongText(name, UserProperties.HistoryStart))
            {
                to[name] = value;
            }
        }

        var keys = from.GetString(UserProperties.HistoryKeys) is { Length: > 0 } former ? JsonNode.Parse(former)!.AsArray() : [];
        keys.Add(new JsonObject { ["key"] = from.RowKey, ["until"] = at.ToString("O", CultureInfo.InvariantCulture) });
        to[UserProperties.HistoryKeys] = keys.ToJsonString();
    }

    /// <summary>
    /// A user's history as it reads, newest first, each with the key it is paged by: the writes replayed from where it
    /// starts, each entry's changes those between the values before and after it (<see cref="UserHistory.EntryOf"/>, as
    /// for a change the writer read). Entries before <paramref name="shownFrom"/> (retention's cutoff) are replayed, not shown.
    /// </summary>
    /// <param name="entries">The entries under each of <see cref="KeysOf"/>, within its span.</param>
    public static List<(string Key, HistoryEntry Entry)> Replay(TableEntity user, IEnumerable<TableEntity> entries, DateTimeOffset? shownFrom)
    {
        var userId = user.GetString(UserProperties.UserId) ?? "";
        var shown = new List<(string, HistoryEntry)>();
        Dictionary<string, object>? values = null; // null: not known (a user whose history started without them)
        if (EntityValues.GetLongText(user, UserProperties.HistoryStart) is { } startText)
        {
            var start = JsonNode.Parse(startText)!.AsObject();
            values = new(StringComparer.Ordinal);
            EntityValues.Read(start["values"]!.AsObject(), values);
            var at = start["at"]!.GetValue<DateTimeOffset>();
            var source = new HistorySource(start["by"]!.GetValue<string>(), start["id"]!.GetValue<string>(), start["fileKey"]?.GetValue<string>());
            if (!(at < shownFrom) && UserHistory.EntryOf(null, RecordOf(values, userId), (ChangeCause)start["cause"]!.GetValue<int>(), source, at) is { } created)
            {
                shown.Add((Key(at, StartKey), created));
            }
        }

        foreach (var entry in entries.OrderBy(AtOf).ThenBy(e => e.RowKey, StringComparer.Ordinal))
        {
            var at = AtOf(entry) ?? default;
            var after = entry.GetBoolean(EntryWhole) == true || values is null ? new Dictionary<string, object>(StringComparer.Ordinal) : new Dictionary<string, object>(values, StringComparer.Ordinal);
            EntityValues.Read(JsonNode.Parse(EntityValues.GetLongText(entry, WroteProperty) ?? "{}")!.AsObject(), after);
            var before = values;
            values = after;
            if (at < shownFrom)
            {
                continue;
            }

            var source = new HistorySource(entry.GetString(EntryBy) ?? "", entry.GetString(EntrySourceId) ?? "", entry.GetString(EntryFileKey));
            var cause = (ChangeCause)(entry.GetInt32(EntryCause) ?? 0);
            var made = before is null
                ? UserHistory.EntryOf(null, RecordOf(after, userId), cause, source, at) is { } unknown ? unknown with { Change = "updated" } : null
                : UserHistory.EntryOf(RecordOf(before, userId), RecordOf(after, userId), cause, source, at);
            if (made is not null)
            {
                shown.Add((Key(at, entry.RowKey), made));
            }
        }

        shown.Reverse();
        return shown;
    }

    /// <summary>An entry as a page shows it: each value cut at <see cref="MaxValueLength"/>.</summary>
    public static HistoryEntry Shown(HistoryEntry entry) =>
        entry with { Fields = [.. entry.Fields.Select(f => f with { From = Cut(f.From), To = Cut(f.To) })] };

    /// <summary>
    /// Which of one row key's entries older than the cutoff (newest first) retention may delete: those whose every value
    /// a newer one of them wrote again. What is left replays to the values the user had at the cutoff.
    /// </summary>
    public static IEnumerable<TableEntity> Superseded(IEnumerable<TableEntity> newestFirst)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        var wholeWritten = false;
        foreach (var entry in newestFirst)
        {
            var whole = entry.GetBoolean(EntryWhole) == true;
            var names = EntityValues.GetLongText(entry, WroteProperty) is { } wrote
                ? JsonNode.Parse(wrote)!.AsObject().Select(p => p.Key).Where(n => n != UserProperties.UpdatedAt).ToList()
                : [];
            if (wholeWritten || (!whole && names.All(written.Contains)))
            {
                yield return entry;
            }

            wholeWritten |= whole;
            written.UnionWith(names);
        }
    }

    /// <summary>The row key a history row is under, up to its own part: the user's row key with the prefix.</summary>
    public static string UserPartOf(string historyRowKey) =>
        historyRowKey.IndexOf(Separator, StringComparison.Ordinal) is var at and >= 0 ? historyRowKey[..at] : historyRowKey;

    private static string Key(DateTimeOffset at, string rowKey) => $"{at.UtcTicks:D19}|{rowKey}";

    private static UserRecord RecordOf(Dictionary<string, object> values, string userId) =>
        UserEntities.ToRecord(new TableEntity(values) { [UserProperties.UserId] = userId });

    private static string? Cut(string? value) => value is not null && value.Length > MaxValueLength ? value[..MaxValueLength] + "…" : value;
}
