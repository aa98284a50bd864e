using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// User records (stored as <see cref="UserEntities"/> describes). Writes go in transactions of at most
/// <see cref="MaxBatch"/> operations on one partition, several in flight.
/// </summary>
public sealed class UserStore(TableSet tables, DigestStore digests)
{
    /// <summary>Azure Table Storage's limit on operations per transaction.</summary>
    public const int MaxBatch = 100;

    public static string RowKeyOf(string email) => TableKeys.Escape(EmailAddress.Normalize(email));

    public async Task<UserRecord?> GetAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKeyOf(email), cancellationToken: cancellationToken);
        return found.HasValue ? UserEntities.ToRecord(found.Value!) : null;
    }

    /// <summary>The records of the given users (by email key), read in parallel point reads.</summary>
    public async Task<List<UserRecord>> GetManyAsync(string tenantId, IReadOnlyCollection<string> emailKeys, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = new System.Collections.Concurrent.ConcurrentBag<UserRecord>();
        await Parallel.ForEachAsync(emailKeys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            var entity = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, TableKeys.Escape(key), cancellationToken: ct);
            if (entity.HasValue)
            {
                found.Add(UserEntities.ToRecord(entity.Value!));
            }
        });
        return [.. found];
    }

    /// <summary>Every user of a tenant: one partition read.</summary>
    public async Task<List<UserRecord>> LoadAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var users = new List<UserRecord>();
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            users.Add(UserEntities.ToRecord(entity));
        }

        return users;
    }

    public async Task<(IReadOnlyList<UserRecord> Items, string? ContinuationToken)> ListAsync(
        string tenantId, bool? active, CreatedBy? createdBy, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        if (active is { } a)
        {
            filter += TableClient.CreateQueryFilter($" and Active eq {a}");
        }

        if (createdBy is { } c)
        {
            filter += TableClient.CreateQueryFilter($" and CreatedBy eq {UserEntities.Name(c)}");
        }

        await foreach (var page in tables.Users.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(UserEntities.ToRecord)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// The users a date has fallen due for by <paramref name="now"/>: those waiting for a start date that has begun, and
    /// the active ones whose end date has ended (one filtered query; the store, not this process, reads the partition).
    /// </summary>
    public async Task<List<UserRecord>> ListDueForDatesAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var ticks = now.UtcTicks;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and ((AwaitingStart eq true and StartsAtTicks le {ticks}) or (Active eq true and EndsAtTicks gt 0L and EndsAtTicks le {ticks}))");
        var due = new List<UserRecord>();
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            due.Add(UserEntities.ToRecord(entity));
        }

        return due;
    }

    /// <summary>When the next start or end date after <paramref name="now"/> falls due for any user, or null when none is to come.</summary>
    public async Task<DateTimeOffset?> NextDateChangeAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var ticks = now.UtcTicks;
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and ((AwaitingStart eq true and StartsAtTicks gt {ticks}) or (Active eq true and EndsAtTicks gt {ticks}))");
        long? next = null;
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["AwaitingStart", "StartsAtTicks", "EndsAtTicks"], cancellationToken: cancellationToken))
        {
            var at = entity.GetBoolean("AwaitingStart") == true ? entity.GetInt64("StartsAtTicks") : entity.GetInt64("EndsAtTicks");
            next = at is { } t && t > ticks && (next is null || t < next) ? t : next;
        }

        return next is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// Writes one user's full state (a platform edit). It moves the digest's version before the write (a crash after it
    /// leaves no trusted digest) and after it (a feed run saving its digest meanwhile), so no plan trusts a digest
    /// that misses it.
    /// </summary>
    public async Task UpsertAsync(string tenantId, UserRecord user, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await digests.BumpVersionAsync(tenantId, cancellationToken);
        await tables.Users.UpsertEntityAsync(UserEntities.From(tenantId, user), TableUpdateMode.Replace, cancellationToken);
        await digests.BumpVersionAsync(tenantId, cancellationToken);
    }

    /// <summary>
    /// Writes a plan's changes: a create or a replace is an upsert of the user's full new state (plus, for a replace
    /// that changed the email, the delete of the old row in the same transaction), a patch a merge of some of its
    /// values into the stored user, so writing a batch twice is harmless.
    /// The changes are taken a transaction at a time, as the transactions in flight need them. Once
    /// <paramref name="stop"/> says so, no further transaction starts (at least <paramref name="parallelism"/>
    /// always do, so every call makes progress); those in flight finish. Returns the changes written.
    /// </summary>
    /// <param name="progress">Told the number of changes written so far, after each transaction.</param>
    public async Task<int> ApplyAsync(
        string tenantId, IEnumerable<UserChange> changes, int batchSize, int parallelism, Func<bool>? stop,
        Func<int, CancellationToken, ValueTask>? progress, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        parallelism = Math.Max(1, parallelism);
        var batches = ToBatches(tenantId, changes, Math.Clamp(batchSize, 1, MaxBatch))
            .TakeWhile((_, index) => index < parallelism || stop is null || !stop());
        var written = 0;
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                await tables.Users.SubmitTransactionAsync(batch, ct);
                var done = Interlocked.Add(ref written, batch.Count(a => a.ActionType != TableTransactionActionType.Delete));
                if (progress is not null)
                {
                    await progress(done, ct);
                }
            });
        return written;
    }

    internal static IEnumerable<List<TableTransactionAction>> ToBatches(string tenantId, IEnumerable<UserChange> changes, int batchSize)
    {
        var current = new List<TableTransactionAction>(batchSize);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var (entity, previous) = change switch
            {
                UserChange.Create create => (UserEntities.From(tenantId, create.User), null),
                UserChange.Replace replace => (UserEntities.From(tenantId, replace.User), replace.PreviousEmail is { } p ? RowKeyOf(p) : null),
                UserChange.Patch patch => (UserEntities.PatchOf(tenantId, patch.Values), (string?)null),
                _ => throw new ArgumentOutOfRangeException(nameof(changes), change, "Not a kind of change."),
            };
            var needed = previous is null ? 1 : 2;
            if (current.Count + needed > batchSize || keys.Contains(entity.RowKey) || (previous is not null && keys.Contains(previous)))
            {
                yield return current;
                current = new List<TableTransactionAction>(batchSize);
                keys.Clear();
            }

            if (previous is not null)
            {
                current.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, previous), ETag.All));
                keys.Add(previous);
            }

            // A patch goes to a user the plan knows exists (its digest is current); if not, the transaction fails rather than create half a user.
            current.Add(change is UserChange.Patch
                ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, ETag.All)
                : new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            keys.Add(entity.RowKey);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }
}
