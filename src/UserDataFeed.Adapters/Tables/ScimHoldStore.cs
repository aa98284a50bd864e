using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The SCIM stream's safety hold, in the tenant's partition of the tenants table: the row <c>scim-hold</c> (the
/// window's admitted deactivations and the cached count of active users) and a row per user whose deactivation waits
/// for an admin or was decided (<c>scim-hold|{userId}</c>). Every write is conditional on the ETag it read, so two
/// requests at once never both count against the same room in the window, and an admin's decision is never
/// overwritten by a client's retry that read the entry before it.
/// </summary>
public sealed class ScimHoldStore(TableSet tables)
{
    private const string WindowRow = "scim-hold";
    private const string EntryPrefix = "scim-hold|";

    public async Task<ScimHoldWindowRow> GetWindowAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, WindowRow, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return ScimHoldWindowRow.New;
        }

        var e = found.Value!;
        return new ScimHoldWindowRow(DeactivationWindow.Parse(e.GetString("Buckets")), e.GetInt32("ActiveUsers"), e.GetDateTimeOffset("ActiveCountedAt"), e.ETag);
    }

    /// <summary>Saves the window over the version <paramref name="row"/> was read at; false when another request changed it since (read it again).</summary>
    public async Task<bool> TrySaveWindowAsync(string tenantId, ScimHoldWindowRow row, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tenantId, WindowRow)
        {
            ["Buckets"] = row.Window.Serialize(),
            ["ActiveUsers"] = row.ActiveUsers,
            ["ActiveCountedAt"] = row.ActiveCountedAt,
        };
        return await ConditionallyAsync(() => row.ETag is { } etag
            ? tables.Tenants.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
            : tables.Tenants.AddEntityAsync(entity, cancellationToken));
    }

    public async Task<ScimHoldEntry?> GetEntryAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, EntryKey(userId), cancellationToken: cancellationToken);
        return found.HasValue ? ToEntry(found.Value!) : null;
    }

    /// <summary>Every user's entry (waiting or decided), in one partition range.</summary>
    public async Task<List<ScimHoldEntry>> ListEntriesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var entries = new List<ScimHoldEntry>();
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, EntryPrefix, cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }

        return entries;
    }

    /// <summary>
    /// Writes <paramref name="entry"/> over <paramref name="over"/>, the version read (null: there was none); false when
    /// the entry changed since (read it again).
    /// </summary>
    public async Task<bool> TryPutEntryAsync(string tenantId, ScimHoldEntry entry, ScimHoldEntry? over, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tenantId, EntryKey(entry.UserId))
        {
            ["UserId"] = entry.UserId,
            ["Email"] = entry.Email,
            ["TokenId"] = entry.TokenId,
            ["Operation"] = entry.Operation,
            ["State"] = entry.State.ToString(),
            ["FirstAskedAt"] = entry.FirstAskedAt,
            ["LastAskedAt"] = entry.LastAskedAt,
            ["Asks"] = entry.Asks,
            ["DecidedAt"] = entry.DecidedAt,
            ["DecidedBy"] = entry.DecidedBy,
            ["Until"] = entry.Until,
        };
        return await ConditionallyAsync(() => over?.ETag is { } etag
            ? tables.Tenants.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
            : tables.Tenants.AddEntityAsync(entity, cancellationToken));
    }

    /// <summary>Deletes the entry as it was read; false when it changed since (or is gone).</summary>
    public async Task<bool> TryDeleteEntryAsync(string tenantId, ScimHoldEntry entry, CancellationToken cancellationToken) =>
        await ConditionallyAsync(() => tables.Tenants.DeleteEntityAsync(tenantId, EntryKey(entry.UserId), entry.ETag ?? ETag.All, cancellationToken));

    /// <summary>
    /// The tenant's active users: a query of the users' <c>Active</c> property, projected to the row key, over the two
    /// ranges that hold users (<see cref="Memberships.UserRanges"/>): one store request per 1,000 active users, at least two.
    /// </summary>
    public async Task<int> CountActiveUsersAsync(string tenantId, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var range in Memberships.UserRanges(tenantId))
        {
            var filter = range + $" and {UserProperties.Active} eq true";
            await foreach (var page in tables.Users.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
            {
                count += page.Values.Count;
            }
        }

        return count;
    }

    private static string EntryKey(string userId) => EntryPrefix + TableKeys.Escape(userId);

    /// <summary>Runs a conditional write: false when the store refuses it for its condition (412, or 409 for an add).</summary>
    private static async Task<bool> ConditionallyAsync(Func<Task<Response>> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    private static ScimHoldEntry ToEntry(TableEntity e) => new(
        e.GetString("UserId") ?? "",
        e.GetString("Email") ?? "",
        e.GetString("TokenId") ?? "",
        e.GetString("Operation") ?? "",
        Enum.TryParse<ScimHoldState>(e.GetString("State"), out var state) ? state : ScimHoldState.Waiting,
        e.GetDateTimeOffset("FirstAskedAt") ?? default,
        e.GetDateTimeOffset("LastAskedAt") ?? default,
        e.GetInt32("Asks") ?? 1)
    {
        DecidedAt = e.GetDateTimeOffset("DecidedAt"),
        DecidedBy = e.GetString("DecidedBy"),
        Until = e.GetDateTimeOffset("Until"),
        ETag = e.ETag,
    };
}

/// <summary>The window's admitted deactivations and the active users last counted (null: never), as read at <see cref="ETag"/> (null: no row yet).</summary>
public sealed record ScimHoldWindowRow(DeactivationWindow Window, int? ActiveUsers, DateTimeOffset? ActiveCountedAt, ETag? ETag)
{
    public static readonly ScimHoldWindowRow New = new(DeactivationWindow.Empty, null, null, null);
}

/// <summary>A user's deactivation as the hold remembers it: waiting for an admin, or approved or rejected <see cref="Until"/>.</summary>
public sealed record ScimHoldEntry(
    string UserId,
    string Email,
    string TokenId,
    string Operation,
    ScimHoldState State,
    DateTimeOffset FirstAskedAt,
    DateTimeOffset LastAskedAt,
    int Asks)
{
    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Who decided: <c>operator</c> or <c>adminToken:{id}</c>.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Until when an approval or a rejection stands.</summary>
    public DateTimeOffset? Until { get; init; }

    public ETag? ETag { get; init; }

    /// <summary>Whether an admin's decision stands at <paramref name="now"/> (an expired one is as if there were none).</summary>
    public bool Decided(ScimHoldState state, DateTimeOffset now) => State == state && Until > now;
}

public enum ScimHoldState
{
    Waiting,
    Approved,
    Rejected,
}
