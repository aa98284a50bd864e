using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>A user as read for a SCIM request: the record and the entity's ETag, which is the resource's version.</summary>
public sealed record StoredUser(UserRecord User, ETag ETag, bool Indexed);

/// <summary>
/// The users as SCIM reaches them: by id through <see cref="ScimIds"/>, and written one request at a time under the
/// ETags they were read with, so a write made from a stale read fails instead of undoing another.
/// </summary>
public sealed class ScimUserStore(TableSet tables, UserStore users)
{
    /// <summary>A write found a user changed (or created) since it was read: nothing of it was written.</summary>
    public sealed class ConflictException(string message) : Exception(message);

    public async Task<StoredUser?> GetByEmailAsync(string tenantId, string email, CancellationToken cancellationToken) =>
        await GetByRowKeyAsync(tenantId, UserStore.RowKeyOf(email), cancellationToken);

    /// <summary>
    /// The user with this id: through its index row, and checked (the row can be stale); when that fails, by a query of
    /// the users' ids, which the store answers by reading the tenant's partition (rare: a user the file feed renamed after
    /// SCIM saw them, or never shown to SCIM). Null when there is none.
    /// </summary>
    public async Task<StoredUser?> GetByIdAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var index = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, ScimIds.RowKey(userId), cancellationToken: cancellationToken);
        if (index.HasValue && ScimIds.UserRowKeyOf(index.Value!) is { } rowKey
            && await GetByRowKeyAsync(tenantId, rowKey, cancellationToken) is { } indexed && indexed.User.UserId == userId)
        {
            return indexed;
        }

        foreach (var range in Memberships.UserRanges(tenantId))
        {
            var filter = range + " and " + TableClient.CreateQueryFilter($"UserId eq {userId}");
            await foreach (var entity in tables.Users.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
            {
                return new StoredUser(UserEntities.ToRecord(entity), entity.ETag, Indexed: false);
            }
        }

        return null;
    }

    /// <summary>Every user of the tenant in the order of their row keys (one read of the partition's user ranges), or only those matching a filter of the store's.</summary>
    public async IAsyncEnumerable<StoredUser> ListAsync(string tenantId, string? storeFilter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var range in Memberships.UserRanges(tenantId))
        {
            await foreach (var entity in tables.Users.QueryAsync<TableEntity>(storeFilter is null ? range : $"{range} and {storeFilter}", maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                yield return new StoredUser(UserEntities.ToRecord(entity), entity.ETag, entity.GetBoolean(ScimIds.IndexedProperty) == true);
            }
        }
    }

    /// <summary>A store filter of the users with this external id.</summary>
    public static string WithExternalId(string externalId) => TableClient.CreateQueryFilter($"ExternalId eq {externalId}");

    /// <summary>
    /// Gives every user of <paramref name="shown"/> without one their index row (and marks them indexed), so a client
    /// that learnt their id from a response can reach them by it. At most one transaction per hundred users not yet indexed.
    /// </summary>
    public async Task IndexAsync(string tenantId, IEnumerable<StoredUser> shown, CancellationToken cancellationToken)
    {
        foreach (var chunk in shown.Where(u => !u.Indexed).DistinctBy(u => u.User.UserId).Chunk(UserStore.MaxBatch / 2))
        {
            List<TableTransactionAction> actions = [];
            foreach (var user in chunk)
            {
                var rowKey = UserStore.RowKeyOf(user.User.Email);
                actions.Add(new(TableTransactionActionType.UpsertReplace, ScimIds.Entity(tenantId, user.User.UserId, rowKey)));
                actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, rowKey) { [ScimIds.IndexedProperty] = true }, ETag.All));
            }

            try
            {
                await tables.Users.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                // A user went meanwhile (renamed or removed): the others are indexed one by one; a missing one needs none.
                foreach (var user in chunk.Length > 1 ? chunk : [])
                {
                    await IndexAsync(tenantId, [user], cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// Writes a request's plan in one transaction: each user it changes under the ETag they were read with
    /// (<paramref name="read"/>, by row key; a created user only if no user has their email), with their history entry
    /// (<paramref name="history"/>), and the index rows of the users it creates or moves to another email. Returns the
    /// ETag each written user's entity now has, by email key. Throws <see cref="ConflictException"/> when a user changed
    /// since it was read, or another took the email: nothing was written, and the request may be planned again.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ETag>> WriteAsync(
        string tenantId, IReadOnlyList<UserChange> changes, IReadOnlyDictionary<string, ETag> read, HistorySource? history, CancellationToken cancellationToken)
    {
        var batches = UserStore.ToBatches(tenantId, changes, UserStore.MaxBatch, history).ToList();
        if (batches.Count != 1)
        {
            throw new InvalidOperationException($"A request's changes must fit one transaction; these take {batches.Count}.");
        }

        var (actions, held) = batches[0];
        await users.CarryHistoriesAsync(tenantId, batches[0], cancellationToken);
        var written = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = (TableEntity)actions[i].Entity;
            if (actions[i].ActionType == TableTransactionActionType.UpsertReplace && held.OfType<UserChange.Create>().Any(c => UserStore.RowKeyOf(c.User.Email) == entity.RowKey))
            {
                entity[ScimIds.IndexedProperty] = true;
                actions[i] = new(TableTransactionActionType.Add, entity);
                written[entity.RowKey] = i;
            }
            else if (actions[i].ActionType == TableTransactionActionType.Delete)
            {
                // The old row of a renamed user, as it was read.
                actions[i] = new(TableTransactionActionType.Delete, entity, read[entity.RowKey]);
            }
            else if (actions[i].ActionType == TableTransactionActionType.UpsertMerge)
            {
                // A user as read, or a renamed user's new row, which no other user may have taken meanwhile.
                entity[ScimIds.IndexedProperty] = true;
                actions[i] = read.TryGetValue(entity.RowKey, out var etag)
                    ? new(TableTransactionActionType.UpdateMerge, entity, etag)
                    : new(TableTransactionActionType.Add, entity);
                written[entity.RowKey] = i;
            }
        }

        foreach (var change in held)
        {
            var user = change switch
            {
                UserChange.Create create => create.User,
                UserChange.Replace { PreviousEmail: not null } renamed => renamed.User,
                _ => null,
            };
            if (user is not null)
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, ScimIds.Entity(tenantId, user.UserId, UserStore.RowKeyOf(user.Email))));
            }
        }

        try
        {
            var responses = await tables.Users.SubmitTransactionAsync(actions, cancellationToken);
            return written.ToDictionary(w => w.Key, w => responses.Value[w.Value].Headers.ETag ?? default, StringComparer.Ordinal);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            throw new ConflictException(ex.Status == 409
                ? "Another user was created with this email meanwhile."
                : "The user changed meanwhile.");
        }
    }

    private async Task<StoredUser?> GetByRowKeyAsync(string tenantId, string rowKey, CancellationToken cancellationToken)
    {
        var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, rowKey, cancellationToken: cancellationToken);
        return found.HasValue
            ? new StoredUser(UserEntities.ToRecord(found.Value!), found.Value!.ETag, found.Value!.GetBoolean(ScimIds.IndexedProperty) == true)
            : null;
    }
}
