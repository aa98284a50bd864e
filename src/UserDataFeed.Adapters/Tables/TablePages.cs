using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>The one page of a query that a list route answers with: its items and the store's token of the next page (null at the end).</summary>
public static class TablePages
{
    public static async Task<(IReadOnlyList<T> Items, string? ContinuationToken)> ReadAsync<T>(
        TableClient table, string filter, string? continuationToken, int pageSize, Func<TableEntity, T> map, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return ([.. page.Values.Select(map)], page.ContinuationToken);
        }

        return ([], null);
    }
}
