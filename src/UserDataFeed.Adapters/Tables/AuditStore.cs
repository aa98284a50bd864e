using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The audit of each tenant's feed: partition = tenant, row key = inverted time and a random suffix, so a page
/// reads newest first and two entries of the same tick never collide. Entries are only ever added.
/// </summary>
public sealed class AuditStore(TableSet tables)
{
    /// <summary>What changed is kept up to this length (a table property holds at most 32K characters).</summary>
    public const int MaxChangesLength = 4000;

    public async Task<AuditEntry> AddAsync(string tenantId, AuditEntry entry, CancellationToken cancellationToken)
    {
        var id = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
        var changes = entry.Changes.Length > MaxChangesLength ? entry.Changes[..MaxChangesLength] + "…" : entry.Changes;
        await tables.Audit.AddEntityAsync(new TableEntity(tenantId, id)
        {
            ["At"] = entry.At,
            ["ActorKind"] = entry.ActorKind,
            ["TokenId"] = entry.TokenId,
            ["Action"] = entry.Action,
            ["Target"] = entry.Target,
            ["Changes"] = changes,
        }, cancellationToken);
        return entry with { Id = id, Changes = changes };
    }

    /// <summary>One page of the tenant's audit, newest first, and the store's token of the next page (null at the end).</summary>
    public async Task<(IReadOnlyList<AuditEntry> Items, string? ContinuationToken)> ListAsync(
        string tenantId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        return await TablePages.ReadAsync(tables.Audit, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), continuationToken, pageSize, ToEntry, cancellationToken);
    }

    private static AuditEntry ToEntry(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? default,
        e.GetString("ActorKind") ?? "",
        e.GetString("TokenId"),
        e.GetString("Action") ?? "",
        e.GetString("Target"),
        e.GetString("Changes") ?? "")
    {
        Id = e.RowKey,
    };
}

/// <summary>
/// One action on a tenant's feed: when, who (<see cref="ActorKind"/> "operator" or "adminToken", and the token's id),
/// what (<see cref="Action"/>, e.g. "mapping.saved"), on what (<see cref="Target"/>: a key id, an import id, a webhook),
/// and a short account of what changed. Never a secret.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string ActorKind, string? TokenId, string Action, string? Target, string Changes)
{
    public string Id { get; init; } = "";
}
