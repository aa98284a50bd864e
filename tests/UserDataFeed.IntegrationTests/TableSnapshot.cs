using Azure.Data.Tables;

namespace UserDataFeed.IntegrationTests;

/// <summary>Every entity of a test's tables, with its ETag: two equal snapshots mean nothing was written in between.</summary>
public static class TableSnapshot
{
    public static async Task<List<string>> TakeAsync(string tablePrefix)
    {
        var tables = new TableServiceClient(LocalStores.TablesConnectionString);
        var rows = new List<string>();
        await foreach (var table in tables.QueryAsync($"TableName ge '{tablePrefix}' and TableName lt '{tablePrefix}~'"))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                rows.Add($"{table.Name}/{entity.PartitionKey}/{entity.RowKey}/{entity.ETag}/{string.Join("|", entity.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}");
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static async Task<int> CountUsersAsync(string tablePrefix, string tenantId)
    {
        var users = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(tablePrefix + "Users");
        var count = 0;
        await foreach (var _ in users.QueryAsync<TableEntity>($"PartitionKey eq '{tenantId}'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
