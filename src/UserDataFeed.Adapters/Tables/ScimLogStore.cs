using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Each tenant's SCIM provisioning log: partition = tenant, row key = inverted time and a random suffix, so a read is
/// newest first without sorting. One insert per request; <see cref="TrimAsync"/> keeps the newest <see cref="Keep"/>.
/// </summary>
public sealed class ScimLogStore(TableSet tables)
{
    /// <summary>How many requests a tenant's log keeps (the newest); a trim may leave a few more until the next one.</summary>
    public const int Keep = 500;

    /// <summary>A detail is kept up to this length.</summary>
    public const int MaxDetailLength = 1000;

    public async Task AddAsync(string tenantId, ScimLogEntry entry, CancellationToken cancellationToken)
    {
        var id = $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
        var detail = entry.Detail is { Length: > MaxDetailLength } text ? text[..MaxDetailLength] + "…" : entry.Detail;
        await tables.ScimLog.AddEntityAsync(new TableEntity(tenantId, id)
        {
            ["At"] = entry.At,
            ["Method"] = entry.Method,
            ["Path"] = entry.Path,
            ["Status"] = entry.Status,
            ["ScimType"] = entry.ScimType,
            ["Detail"] = detail,
            ["TokenId"] = entry.TokenId,
            ["ResourceType"] = entry.ResourceType,
            ["ResourceId"] = entry.ResourceId,
        }, cancellationToken);
    }

    /// <summary>The tenant's newest <paramref name="count"/> requests, newest first.</summary>
    public async Task<IReadOnlyList<ScimLogEntry>> ListAsync(string tenantId, int count, CancellationToken cancellationToken)
    {
        var entries = new List<ScimLogEntry>(count);
        await foreach (var e in tables.ScimLog.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), maxPerPage: Math.Min(count, 1000), cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(e));
            if (entries.Count == count)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Deletes the tenant's requests older than its newest <paramref name="keep"/>: one query of keys, and one batch per 100 deleted.</summary>
    public async Task<int> TrimAsync(string tenantId, int keep, CancellationToken cancellationToken)
    {
        var older = new List<string>();
        var seen = 0;
        await foreach (var e in tables.ScimLog.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++seen > keep)
            {
                older.Add(e.RowKey);
            }
        }

        foreach (var batch in older.Chunk(100))
        {
            await tables.ScimLog.SubmitTransactionAsync(
                batch.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, rowKey), Azure.ETag.All)), cancellationToken);
        }

        return older.Count;
    }

    private static ScimLogEntry ToEntry(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? default,
        e.GetString("Method") ?? "",
        e.GetString("Path") ?? "",
        e.GetInt32("Status") ?? 0,
        e.GetString("ScimType"),
        e.GetString("Detail"),
        e.GetString("TokenId") ?? "",
        e.GetString("ResourceType"),
        e.GetString("ResourceId"));
}

/// <summary>
/// One request to a tenant's SCIM routes, as its provisioning log keeps it: when, the method and path (never the query,
/// which may hold a filter on personal data, nor the body), the status answered, the SCIM error's type and detail, the
/// token's id (never the token), and the resource the route names.
/// </summary>
public sealed record ScimLogEntry(
    DateTimeOffset At, string Method, string Path, int Status, string? ScimType, string? Detail, string TokenId, string? ResourceType, string? ResourceId);
