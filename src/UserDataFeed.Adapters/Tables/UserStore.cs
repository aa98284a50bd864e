using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// User records: partition = tenant, row key = the escaped, lower-cased email. Writes go in transactions
/// of at most <see cref="MaxBatch"/> operations on one partition, several in flight.
/// </summary>
public sealed class UserStore(TableSet tables)
{
    /// <summary>Azure Table Storage's limit on operations per transaction.</summary>
    public const int MaxBatch = 100;

    public static string RowKeyOf(string email) => TableKeys.Escape(EmailAddress.Normalize(email));

    public async Task<UserRecord?> GetAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Users.GetEntityIfExistsAsync<UserEntity>(tenantId, RowKeyOf(email), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.ToRecord() : null;
    }

    /// <summary>The records of the given users (by email key), read in parallel point reads.</summary>
    public async Task<List<UserRecord>> GetManyAsync(string tenantId, IReadOnlyCollection<string> emailKeys, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = new System.Collections.Concurrent.ConcurrentBag<UserRecord>();
        await Parallel.ForEachAsync(emailKeys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (key, ct) =>
        {
            var entity = await tables.Users.GetEntityIfExistsAsync<UserEntity>(tenantId, TableKeys.Escape(key), cancellationToken: ct);
            if (entity.HasValue)
            {
                found.Add(entity.Value!.ToRecord());
            }
        });
        return [.. found];
    }

    /// <summary>Every user of a tenant: one partition read.</summary>
    public async Task<List<UserRecord>> LoadAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var users = new List<UserRecord>();
        await foreach (var entity in tables.Users.QueryAsync<UserEntity>($"PartitionKey eq {TableKeys.Literal(tenantId)}", maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            users.Add(entity.ToRecord());
        }

        return users;
    }

    public async Task<(IReadOnlyList<UserRecord> Items, string? ContinuationToken)> ListAsync(
        string tenantId, bool? active, CreatedBy? createdBy, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(tenantId)}";
        if (active is { } a)
        {
            filter += $" and Active eq {(a ? "true" : "false")}";
        }

        if (createdBy is { } c)
        {
            filter += $" and CreatedBy eq {TableKeys.Literal(Name(c))}";
        }

        await foreach (var page in tables.Users.QueryAsync<UserEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(e => e.ToRecord())], page.ContinuationToken);
        }

        return ([], null);
    }

    public async Task UpsertAsync(string tenantId, UserRecord user, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Users.UpsertEntityAsync(UserEntity.From(tenantId, user), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Writes a plan's changes: each change is an upsert of the user's full new state (plus the delete of the
    /// old row when the email changed, in the same transaction), so writing a batch twice is harmless.
    /// The changes are taken a transaction at a time, as the transactions in flight need them.
    /// </summary>
    /// <param name="progress">Told the number of changes written so far, after each transaction.</param>
    public async Task ApplyAsync(
        string tenantId, IEnumerable<UserChange> changes, int batchSize, int parallelism, Func<int, CancellationToken, ValueTask>? progress, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var batches = ToBatches(tenantId, changes, Math.Clamp(batchSize, 1, MaxBatch));
        var written = 0;
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (batch, ct) =>
            {
                await tables.Users.SubmitTransactionAsync(batch, ct);
                var done = Interlocked.Add(ref written, batch.Count(a => a.ActionType != TableTransactionActionType.Delete));
                if (progress is not null)
                {
                    await progress(done, ct);
                }
            });
    }

    internal static IEnumerable<List<TableTransactionAction>> ToBatches(string tenantId, IEnumerable<UserChange> changes, int batchSize)
    {
        var current = new List<TableTransactionAction>(batchSize);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var entity = UserEntity.From(tenantId, change.User);
            var previous = change.PreviousEmail is { } p ? RowKeyOf(p) : null;
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

            current.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            keys.Add(entity.RowKey);
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    private static string Name(CreatedBy createdBy) => createdBy == CreatedBy.Feed ? "feed" : "platform";

    private sealed class UserEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string UserId { get; set; } = "";

        public string Email { get; set; } = "";

        public string FirstName { get; set; } = "";

        public string LastName { get; set; } = "";

        public bool Active { get; set; }

        public bool DeactivatedForAbsence { get; set; }

        public string? ExternalId { get; set; }

        public string? CustomFields { get; set; }

        public int PlatformRoles { get; set; }

        public int FeedRoles { get; set; }

        public bool DerivedManager { get; set; }

        public string? Managers { get; set; }

        public string CreatedBy { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }

        public static UserEntity From(string tenantId, UserRecord user) => new()
        {
            PartitionKey = tenantId,
            RowKey = RowKeyOf(user.Email),
            UserId = user.UserId,
            Email = user.Email,
            FirstName = user.FirstName,
            LastName = user.LastName,
            Active = user.Active,
            DeactivatedForAbsence = user.DeactivatedForAbsence,
            ExternalId = user.ExternalId,
            CustomFields = user.CustomFields.Count == 0 ? null : JsonSerializer.Serialize(user.CustomFields),
            PlatformRoles = (int)user.PlatformRoles,
            FeedRoles = (int)user.FeedRoles,
            DerivedManager = user.DerivedManager,
            Managers = user.Managers.Count == 0 ? null : string.Join('|', user.Managers),
            CreatedBy = Name(user.CreatedBy),
            CreatedAt = user.CreatedAt,
            UpdatedAt = user.UpdatedAt,
        };

        public UserRecord ToRecord() => new()
        {
            UserId = UserId,
            Email = Email,
            FirstName = FirstName,
            LastName = LastName,
            Active = Active,
            DeactivatedForAbsence = DeactivatedForAbsence,
            ExternalId = ExternalId,
            CustomFields = CustomFields is null
                ? UserRecord.EmptyFields
                : JsonSerializer.Deserialize<Dictionary<string, string>>(CustomFields) ?? [],
            PlatformRoles = (Roles)PlatformRoles,
            FeedRoles = (Roles)FeedRoles,
            DerivedManager = DerivedManager,
            Managers = Managers is null ? [] : Managers.Split('|'),
            CreatedBy = CreatedBy == "feed" ? Core.Users.CreatedBy.Feed : Core.Users.CreatedBy.Platform,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
        };
    }
}
