using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>Insert-if-absent, the store's way of saying "first writer wins".</summary>
internal static class TableInserts
{
    /// <summary>Inserts <paramref name="entity"/>; false when an entity with its keys exists already (409), which the caller decides about.</summary>
    public static async Task<bool> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
