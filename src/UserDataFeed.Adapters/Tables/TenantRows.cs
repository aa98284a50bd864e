using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// What the stores of the tenants table (<see cref="TableSet.Tenants"/>: one partition per tenant, a row per kind of
/// thing, or per item under a row-key prefix) do alike: read the rows under a prefix, delete a row if it is there.
/// </summary>
internal static class TenantRows
{
    /// <summary>The tenant's rows whose key starts with <paramref name="prefix"/>.</summary>
    public static async IAsyncEnumerable<TableEntity> WithPrefixAsync(
        TableClient table, string tenantId, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {upper}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return entity;
        }
    }

    /// <summary>Deletes the row whatever it holds; false when it was not there.</summary>
    public static async Task<bool> DeleteIfExistsAsync(TableClient table, string tenantId, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.DeleteEntityAsync(tenantId, rowKey, ETag.All, cancellationToken);
        return response.Status != 404;
    }
}
