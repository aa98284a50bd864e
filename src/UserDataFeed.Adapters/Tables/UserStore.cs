using System.Threading.Channels;
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
        var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKeyOf(email), cancellationToken: cancellationToken);
        return found.HasValue ? UserEntities.ToRecord(found.Value!) : null;
    }

    /// <summary>The records of the given users (by email key), read in parallel point reads.</summary>
    public async Task<List<UserRecord>> GetManyAsync(string tenantId, IReadOnlyCollection<string> emailKeys, CancellationToken cancellationToken)
    {
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

    /// <summary>Every user of a tenant: one partition read, of the two key ranges that hold users (<see cref="Memberships.UserRanges"/>).</summary>
    public async Task<List<UserRecord>> LoadAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        var users = new List<UserRecord>();
        foreach (var range in Memberships.UserRanges(tenantId))
        {
            await foreach (var entity in tables.Users.QueryAsync<TableEntity>(range, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                users.Add(UserEntities.ToRecord(entity));
            }
        }

        return users;
    }

    /// <summary>
    /// A page of the tenant's users. The users lie in two key ranges, below and above the membership rows, read one
    /// after the other so that no page scans the memberships: the continuation says which range it goes on in
    /// (<c>A|</c> or <c>B|</c>, then the store's token; a token without either, issued before groups, is the upper range's).
    /// </summary>
    public async Task<(IReadOnlyList<UserRecord> Items, string? ContinuationToken)> ListAsync(
        string tenantId, bool? active, CreatedBy? createdBy, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var filters = "";
        if (active is { } a)
        {
            filters += $" and {UserProperties.Active} eq " + TableClient.CreateQueryFilter($"{a}");
        }

        if (createdBy is { } c)
        {
            filters += $" and {UserProperties.CreatedBy} eq " + TableClient.CreateQueryFilter($"{UserEntities.Name(c)}");
        }

        var (range, token) = continuationToken switch
        {
            null => (0, null),
            _ when continuationToken.StartsWith("A|", StringComparison.Ordinal) => (0, continuationToken[2..]),
            _ when continuationToken.StartsWith("B|", StringComparison.Ordinal) => (1, continuationToken[2..] is { Length: > 0 } rest ? rest : null),
            _ => (1, continuationToken),
        };
        var ranges = Memberships.UserRanges(tenantId);
        var items = new List<UserRecord>();
        for (; range < ranges.Length; range++, token = null)
        {
            var wanted = pageSize - items.Count;
            await foreach (var page in tables.Users.QueryAsync<TableEntity>(ranges[range] + filters, wanted, cancellationToken: cancellationToken).AsPages(token, wanted))
            {
                items.AddRange(page.Values.Select(UserEntities.ToRecord));
                if (page.ContinuationToken is { } next)
                {
                    return (items, (range == 0 ? "A|" : "B|") + next);
                }

                break;
            }

            if (items.Count >= pageSize)
            {
                return (items, range == 0 ? "B|" : null);
            }
        }

        return (items, null);
    }

    /// <summary>
    /// The users a date has fallen due for by <paramref name="now"/>: those waiting for a start date that has begun, and
    /// the active ones whose end date has ended (one filtered query; the store, not this process, reads the partition).
    /// </summary>
    public async Task<List<UserRecord>> ListDueForDatesAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = TableClient.CreateQueryFilter($"{now.UtcTicks}");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")
            + $" and (({UserProperties.AwaitingStart} eq true and {UserProperties.StartsAtTicks} le {at})"
            + $" or ({UserProperties.Active} eq true and {UserProperties.EndsAtTicks} gt 0L and {UserProperties.EndsAtTicks} le {at}))";
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
        var ticks = now.UtcTicks;
        var after = TableClient.CreateQueryFilter($"{ticks}");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")
            + $" and (({UserProperties.AwaitingStart} eq true and {UserProperties.StartsAtTicks} gt {after})"
            + $" or ({UserProperties.Active} eq true and {UserProperties.EndsAtTicks} gt {after}))";
        long? next = null;
        string[] dates = [UserProperties.AwaitingStart, UserProperties.StartsAtTicks, UserProperties.EndsAtTicks];
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: dates, cancellationToken: cancellationToken))
        {
            var at = entity.GetBoolean(UserProperties.AwaitingStart) == true ? entity.GetInt64(UserProperties.StartsAtTicks) : entity.GetInt64(UserProperties.EndsAtTicks);
            next = at is { } t && t > ticks && (next is null || t < next) ? t : next;
        }

        return next is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// Writes one user's full state (a platform edit), with the entry of their history it makes when
    /// <paramref name="history"/> is kept (in one transaction). It moves the digest's version before the write (a crash after it
    /// leaves no trusted digest) and after it (a feed run saving its digest meanwhile), so no plan trusts a digest
    /// that misses it.
    /// </summary>
    /// <param name="former">The user as read before the edit (null: a new user).</param>
    public async Task UpsertAsync(string tenantId, UserRecord user, UserRecord? former, HistorySource? history, CancellationToken cancellationToken)
    {
        await digests.BumpVersionAsync(tenantId, cancellationToken);
        var entity = former is null ? UserEntities.From(tenantId, user) : UserEntities.Replacing(tenantId, user, former);
        List<TableTransactionAction> actions = [new(former is null ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.UpsertMerge, entity)];
        if (history is not null && former is null)
        {
            HistoryRows.SetStart(entity, history, ChangeCause.Platform);
        }
        else if (history is not null)
        {
            actions.Add(HistoryRows.Entry(tenantId, entity, whole: true, ChangeCause.Platform, history));
        }

        await tables.Users.SubmitTransactionAsync(actions, cancellationToken);
        await digests.BumpVersionAsync(tenantId, cancellationToken);
    }

    /// <summary>
    /// A user's history, newest first, each entry with the key it is paged by, and the user's id (a page's token belongs
    /// to it): every entry under each row key the user has had, replayed from where their history starts
    /// (<see cref="HistoryRows.Replay"/>). Entries before <paramref name="shownFrom"/> (the last retention's cutoff) are
    /// not shown. Null when there is no such user.
    /// </summary>
    public async Task<(string UserId, IReadOnlyList<(string Key, HistoryEntry Entry)> Entries)?> ReadHistoryAsync(
        string tenantId, string email, DateTimeOffset? shownFrom, CancellationToken cancellationToken)
    {
        var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKeyOf(email), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var entries = new List<TableEntity>();
        foreach (var (key, since, until) in HistoryRows.KeysOf(found.Value!))
        {
            await foreach (var entry in tables.Users.QueryAsync<TableEntity>(HistoryRows.Of(tenantId, key), maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (HistoryRows.AtOf(entry) is { } at && at >= since && at < until)
                {
                    entries.Add(entry);
                }
            }
        }

        return (found.Value!.GetString(UserProperties.UserId) ?? "", HistoryRows.Replay(found.Value!, entries, shownFrom));
    }

    /// <summary>
    /// Deletes the tenant's history entries older than <paramref name="before"/> (retention) that no longer tell any value:
    /// those whose every value a newer one wrote again (<see cref="HistoryRows.Superseded"/>); returns how many.
    /// </summary>
    public async Task<int> PruneHistoryAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var removed = 0;
        var batch = new List<TableTransactionAction>(MaxBatch);
        var ofOneUser = new List<TableEntity>();
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(HistoryRows.OlderThan(tenantId, before), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            if (ofOneUser.Count > 0 && HistoryRows.UserPartOf(ofOneUser[0].RowKey) != HistoryRows.UserPartOf(entity.RowKey))
            {
                removed += await DeleteSupersededAsync();
            }

            ofOneUser.Add(entity);
        }

        removed += await DeleteSupersededAsync();
        return removed + (batch.Count > 0 ? await DeleteAsync(batch, cancellationToken) : 0);

        // The entries are read newest first within each user's key, as their row keys sort.
        async Task<int> DeleteSupersededAsync()
        {
            var deleted = 0;
            foreach (var entry in HistoryRows.Superseded(ofOneUser))
            {
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, entry.RowKey), ETag.All));
                if (batch.Count == MaxBatch)
                {
                    deleted += await DeleteAsync(batch, cancellationToken);
                }
            }

            ofOneUser.Clear();
            return deleted;
        }
    }

    private async Task<int> DeleteAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        await tables.Users.SubmitTransactionAsync(batch, cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    /// <summary>
    /// Puts a user in a group on the platform's side (<paramref name="member"/>) or takes the platform's membership away,
    /// the user and the membership row in one transaction, over the user as read (a concurrent write is read again).
    /// The digest's version moves before and after, as for <see cref="UpsertAsync"/>. Returns the user as written, or
    /// null when there is no such user; a user already so is returned unwritten.
    /// </summary>
    public async Task<UserRecord?> SetPlatformGroupAsync(string tenantId, string email, string groupId, bool member, DateTimeOffset now, HistorySource? history, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKeyOf(email), cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }

            var former = UserEntities.ToRecord(found.Value!);
            if (former.PlatformGroups.Contains(groupId) == member)
            {
                return former;
            }

            var user = former with
            {
                PlatformGroups = member ? [.. former.PlatformGroups.Append(groupId).Order(StringComparer.Ordinal)] : [.. former.PlatformGroups.Where(g => g != groupId)],
                UpdatedAt = now,
            };
            var entity = new TableEntity(tenantId, found.Value!.RowKey) { [UserProperties.PlatformGroups] = string.Join('|', user.PlatformGroups), [UserProperties.UpdatedAt] = now };
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateMerge, entity, found.Value!.ETag),
                new(TableTransactionActionType.UpsertReplace, Memberships.Entity(tenantId, groupId, user.Email, user.FeedGroups.Contains(groupId), member)),
            ];
            if (history is not null)
            {
                actions.Add(HistoryRows.Entry(tenantId, entity, whole: false, ChangeCause.Platform, history));
            }

            await digests.BumpVersionAsync(tenantId, cancellationToken);
            try
            {
                await tables.Users.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                continue; // written meanwhile: read it again
            }

            await digests.BumpVersionAsync(tenantId, cancellationToken);
            return user;
        }
    }

    /// <summary>
    /// Writes a plan's changes: a create or a replace is an upsert of the user's full new state (plus, for a replace
    /// that changed the email, the delete of the old row in the same transaction), a patch a merge of some of its
    /// values into the stored user, so writing a batch twice is harmless. With <paramref name="history"/> (the source of
    /// the changes), each change's history entry goes in its transaction (<see cref="HistoryRows"/>).
    /// The changes are taken a transaction at a time, as the transactions in flight need them. Once
    /// <paramref name="stop"/> says so, no further transaction starts (at least <paramref name="parallelism"/>
    /// always do, so every call makes progress); those in flight finish. Returns the changes done: written, or
    /// (with <paramref name="refused"/>) told refused.
    /// </summary>
    /// <param name="progress">Told the number of changes done so far, after each transaction.</param>
    /// <param name="refused">
    /// Told the changes of a transaction the store refused (<see cref="StoreRefusals"/>: nothing of it was written) with the
    /// store's error code; the other transactions go on. Without it, a refusal throws as any failure does.
    /// </param>
    public async Task<int> ApplyAsync(
        string tenantId, IEnumerable<UserChange> changes, int batchSize, int parallelism, Func<bool>? stop,
        Func<int, CancellationToken, ValueTask>? progress, HistorySource? history, CancellationToken cancellationToken,
        Func<IReadOnlyList<UserChange>, string, CancellationToken, ValueTask>? refused = null)
    {
        parallelism = Math.Max(1, parallelism);
        using var making = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = BatchesAhead(ToBatches(tenantId, changes, Math.Clamp(batchSize, 1, MaxBatch), history), parallelism, making.Token);
        var batches = ready.Reader.ReadAllAsync(cancellationToken)
            .TakeWhile((_, index) => index < parallelism || stop is null || !stop());
        var written = 0;
        try
        {
            await WriteAllAsync();
        }
        finally
        {
            // The changes are made from the caller's file: nothing may still read it once this returns.
            await making.CancelAsync();
            await ready.Made;
        }

        return written;

        Task WriteAllAsync() => Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                await CarryHistoriesAsync(tenantId, batch, ct);
                if (await SubmitAsync(batch.Actions, refused is not null, ct) is { } refusal)
                {
                    // Nothing of it was written. Each of its users is tried once alone, so only those the store refuses stay unwritten.
                    foreach (var single in batch.Changes.Count == 1 ? [batch] : ToBatches(tenantId, batch.Changes, 1, history))
                    {
                        if (batch.Changes.Count > 1)
                        {
                            await CarryHistoriesAsync(tenantId, single, ct);
                        }

                        if ((batch.Changes.Count == 1 ? refusal : await SubmitAsync(single.Actions, refuse: true, ct)) is { } code)
                        {
                            await refused!(single.Changes, code, ct);
                        }
                    }
                }

                var done = Interlocked.Add(ref written, batch.Changes.Count);
                if (progress is not null)
                {
                    await progress(done, ct);
                }
            });

        // Null when written; the store's error code when it refused the transaction and refusals are taken.
        async Task<string?> SubmitAsync(List<TableTransactionAction> actions, bool refuse, CancellationToken ct)
        {
            try
            {
                await tables.Users.SubmitTransactionAsync(actions, ct);
                return null;
            }
            catch (RequestFailedException ex) when (refuse && StoreRefusals.IsRefusal(ex.Status))
            {
                return ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// The transactions made ahead, on a task of their own, up to <paramref name="ahead"/> of them, so that a transaction
    /// that ends is followed at once by the next rather than after the next is made (making one means making its users
    /// from the file and their entities). They are taken in order, and <see cref="BatchesInProgress.Made"/> ends once no
    /// more are being made: after the last, a fault in making one (passed on to the reader), or <paramref name="cancellationToken"/>.
    /// </summary>
    private static BatchesInProgress BatchesAhead(
        IEnumerable<(List<TableTransactionAction> Actions, List<UserChange> Changes)> batches, int ahead, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<(List<TableTransactionAction> Actions, List<UserChange> Changes)>(
            new BoundedChannelOptions(ahead) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var made = Task.Run(async () =>
        {
            try
            {
                foreach (var batch in batches)
                {
                    await channel.Writer.WriteAsync(batch, cancellationToken);
                }

                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
            }
        }, CancellationToken.None);
        return new BatchesInProgress(channel.Reader, made);
    }

    private sealed record BatchesInProgress(ChannelReader<(List<TableTransactionAction> Actions, List<UserChange> Changes)> Reader, Task Made);

    /// <summary>
    /// Gives each user of the batch whose email changes (a new row key) their history as their old entity has it (where it
    /// starts, the keys they had), read just before the write. A rename is rare; an old entity already gone (the batch
    /// written before) has nothing to carry, and the new one has it already.
    /// </summary>
    internal async Task CarryHistoriesAsync(string tenantId, (List<TableTransactionAction> Actions, List<UserChange> Changes) batch, CancellationToken cancellationToken)
    {
        foreach (var change in batch.Changes)
        {
            if (change is UserChange.Replace { PreviousEmail: { } previous } replace
                && await tables.Users.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKeyOf(previous), cancellationToken: cancellationToken) is { HasValue: true } old)
            {
                var key = RowKeyOf(replace.User.Email);
                var renamed = (TableEntity)batch.Actions.First(a => a.ActionType == TableTransactionActionType.UpsertMerge && a.Entity.RowKey == key).Entity;
                HistoryRows.Carry(old.Value!, renamed, replace.User.UpdatedAt);
            }
        }
    }

    /// <summary>
    /// The changes as transactions of at most <paramref name="batchSize"/> operations and about
    /// <see cref="MaxBatchPayload"/> of request, each with the changes it holds. A change's operations (the user, the old row of a renamed user, their memberships, their history entry) always go in one
    /// transaction, even past <paramref name="batchSize"/> (never past <see cref="MaxBatch"/>: a user has at most
    /// <see cref="GroupNames.MaxPerUser"/> groups from each side).
    /// </summary>
    internal static IEnumerable<(List<TableTransactionAction> Actions, List<UserChange> Changes)> ToBatches(string tenantId, IEnumerable<UserChange> changes, int batchSize, HistorySource? history)
    {
        var current = new List<TableTransactionAction>(batchSize);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var held = new List<UserChange>();
        var payload = 0L;
        foreach (var change in changes)
        {
            var (entity, previous) = change switch
            {
                UserChange.Create create => (UserEntities.From(tenantId, create.User), null),
                UserChange.Replace replace => (UserEntities.Replacing(tenantId, replace.User, replace.Former), replace.PreviousEmail is { } p ? RowKeyOf(p) : null),
                UserChange.Patch patch => (UserEntities.PatchOf(tenantId, patch.Values), (string?)null),
                _ => throw new ArgumentOutOfRangeException(nameof(changes), change, "Not a kind of change."),
            };
            var memberships = Memberships.Of(tenantId, change);
            TableTransactionAction? entry = null;
            if (history is not null && change is UserChange.Create)
            {
                HistoryRows.SetStart(entity, history, change.Cause);
            }
            else if (history is not null)
            {
                entry = HistoryRows.Entry(tenantId, entity, whole: change is UserChange.Replace, change.Cause, history);
            }

            var needed = (previous is null ? 1 : 2) + memberships.Count + (entry is null ? 0 : 1);
            var size = PayloadOf(entity) + (entry?.Entity is TableEntity entryEntity ? PayloadOf(entryEntity) : 0) + (memberships.Count * 1024L);
            if (current.Count > 0 && (current.Count + needed > batchSize || payload + size > MaxBatchPayload
                || keys.Contains(entity.RowKey) || (previous is not null && keys.Contains(previous))))
            {
                yield return (current, held);
                current = new List<TableTransactionAction>(batchSize);
                keys.Clear();
                held = [];
                payload = 0;
            }

            if (previous is not null)
            {
                current.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, previous), ETag.All));
                keys.Add(previous);
            }

            // A patch goes to a user the plan knows exists (its digest is current); if not, the transaction fails rather than create half a user.
            // A replace merges the whole state, so what is not the user's values (where their history starts) stays.
            current.Add(change switch
            {
                UserChange.Patch => new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, ETag.All),
                UserChange.Replace => new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity),
                _ => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            });
            keys.Add(entity.RowKey);
            current.AddRange(memberships);
            if (entry is not null)
            {
                current.Add(entry);
            }

            held.Add(change);
            payload += size;
        }

        if (current.Count > 0)
        {
            yield return (current, held);
        }
    }

    /// <summary>
    /// The most request a transaction is given, as <see cref="PayloadOf"/> counts it: the store refuses a transaction over 4 MiB.
    /// Users of ordinary values fill <see cref="MaxBatch"/> operations long before.
    /// </summary>
    internal const long MaxBatchPayload = 3L * 1024 * 1024;

    /// <summary>
    /// An entity's size in a request, at most: each text character as 6 bytes (a JSON escape), each property's name and
    /// framing as 64. One pass over the properties.
    /// </summary>
    internal static long PayloadOf(TableEntity entity)
    {
        var size = 256L;
        foreach (var (name, value) in entity)
        {
            size += 64 + (name.Length * 6L) + (value is string text ? text.Length * 6L : value is byte[] bytes ? bytes.Length * 2L : 32);
        }

        return size;
    }
}
