using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>A tenant's group: its id (<see cref="GroupNames.Id"/>), its name as first written, and when a file first named it.</summary>
public sealed record Group(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A member of a group as the index holds them: the email key, and whether the feed, the platform or both put them in.</summary>
public sealed record GroupMember(string Email, bool Feed, bool Platform);

/// <summary>
/// The tenants' groups (table <c>Groups</c>: partition = tenant, row key = group id) and the reads of the membership
/// index (<see cref="Memberships"/>, in the users table). A group stays when its last member leaves.
/// </summary>
public sealed class GroupStore(TableSet tables)
{
    /// <summary>The most members counted for a group in a list: one page of keys; more is shown as "at least".</summary>
    public const int CountedMembers = 1000;

    /// <summary>
    /// Creates the groups a file names that the tenant does not have yet, each named as given: the existing ids are read
    /// first (a page holds a thousand), so a file naming groups that all exist costs a read, not a write each. Safe to
    /// repeat (a resumed run): a group made meanwhile keeps its first name.
    /// </summary>
    public async Task EnsureAsync(string tenantId, IReadOnlyDictionary<string, string> groups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var existing = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in tables.Groups.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            existing.Add(entity.RowKey);
        }

        var missing = groups.Where(g => !existing.Contains(g.Key)).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            // false when made meanwhile (another run, or this one before it stopped): the first name stays
            await tables.Groups.TryAddAsync(new TableEntity(tenantId, group.Key) { ["Name"] = group.Value, ["CreatedAt"] = now }, ct);
        });
    }

    public async Task<Group?> GetAsync(string tenantId, string groupId, CancellationToken cancellationToken)
    {
        var found = await tables.Groups.GetEntityIfExistsAsync<TableEntity>(tenantId, groupId, cancellationToken: cancellationToken);
        return found.HasValue ? ToGroup(found.Value!) : null;
    }

    /// <summary>A page of the tenant's groups, in id order.</summary>
    public async Task<(IReadOnlyList<Group> Items, string? ContinuationToken)> ListAsync(string tenantId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        return await TablePages.ReadAsync(tables.Groups, filter, continuationToken, pageSize, ToGroup, cancellationToken);
    }

    /// <summary>A group's current members, counted up to <see cref="CountedMembers"/>: the count, and whether there are more.</summary>
    public async Task<(int Count, bool More)> CountMembersAsync(string tenantId, string groupId, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(Memberships.MembersOf(tenantId, groupId), maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (count == CountedMembers)
            {
                return (count, true);
            }

            count++;
        }

        return (count, false);
    }

    /// <summary>A page of a group's current members, in email order.</summary>
    public async Task<(IReadOnlyList<GroupMember> Items, string? ContinuationToken)> ListMembersAsync(
        string tenantId, string groupId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        return await TablePages.ReadAsync(tables.Users, Memberships.MembersOf(tenantId, groupId), continuationToken, pageSize,
            e => new GroupMember(e.GetString("Email") ?? "", e.GetBoolean("Feed") ?? false, e.GetBoolean("Platform") ?? false), cancellationToken);
    }

    private static Group ToGroup(TableEntity e) => new(e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetDateTimeOffset("CreatedAt") ?? default);
}
