using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The index from a user's id (their SCIM id) to their row key: a row <c>%I{userId}</c> in the tenant's partition of
/// users, after the histories (<see cref="HistoryRows.End"/>) and before every user (<see cref="End"/>; no escaped email
/// starts with <c>%I</c>, as '%' is followed by two hex digits). SCIM writes keep it in the user's own transaction; a
/// user the file feed made gets theirs the first time SCIM is shown them. A row can be stale (the file feed renamed or
/// removed the user since), so whoever reads it checks the user it leads to.
/// </summary>
public static class ScimIds
{
    public const string Prefix = HistoryRows.End;

    /// <summary>The first row key after every index row: the users' upper range starts here.</summary>
    public const string End = "%J";

    /// <summary>Marks a user's entity as indexed, so a response showing them writes no index row again.</summary>
    public const string IndexedProperty = "ScimIndexed";

    private const string UserRowKeyProperty = "UserRowKey";

    public static string RowKey(string userId) => Prefix + TableKeys.Escape(userId);

    public static TableEntity Entity(string tenantId, string userId, string userRowKey) =>
        new(tenantId, RowKey(userId)) { [UserRowKeyProperty] = userRowKey };

    public static string? UserRowKeyOf(TableEntity index) => index.GetString(UserRowKeyProperty);
}
