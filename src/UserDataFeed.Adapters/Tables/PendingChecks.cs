using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Marks, one row per tenant beside its lease, that a check message for the tenant is waiting on the queue,
/// so the timer sends at most one: thousands of tenants polled every few minutes do not pile up messages
/// behind a busy tenant. The worker clears the mark when it takes the check. A mark older than
/// <see cref="LostAfter"/> is taken for a message that was lost, and a new one is sent.
/// </summary>
public sealed class PendingChecks(TableSet tables)
{
    public static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(15);

    private const string Row = "check";

    /// <summary>True when the caller should send a check: no check was waiting, and now one is marked.</summary>
    public async Task<bool> TryMarkAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mark = new TableEntity(tenantId, Row) { ["MarkedAt"] = now };
        try
        {
            await tables.Leases.AddEntityAsync(mark, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var found = await tables.Leases.GetEntityIfExistsAsync<TableEntity>(tenantId, Row, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return await TryMarkAsync(tenantId, now, cancellationToken); // cleared in between
            }

            if (found.Value!.GetDateTimeOffset("MarkedAt") > now - LostAfter)
            {
                return false;
            }

            try
            {
                await tables.Leases.UpdateEntityAsync(mark, found.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException again) when (again.Status is 404 or 412)
            {
                return false; // another instance renewed or cleared it first
            }
        }
    }

    public async Task ClearAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Leases.DeleteEntityAsync(tenantId, Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }
}
