using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The state of a tenant's feed that runs change (a row <c>feed-state</c> in the tenant's partition of the Tenants table):
/// the run of consecutive failed files and whether the feed paused itself. Written under the tenant's lease.
/// </summary>
public sealed class FeedStateStore(TableSet tables)
{
    private const string Row = "feed-state";

    public async Task<FeedState> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return FeedState.Running;
        }

        var e = found.Value!;
        return new FeedState(e.GetInt32("ConsecutiveFailures") ?? 0, e.GetString("LastCountedImportId"), e.GetDateTimeOffset("PausedAt"), e.GetString("PauseReason"));
    }

    public async Task SaveAsync(string tenantId, FeedState state, CancellationToken cancellationToken)
    {
        await tables.Tenants.UpsertEntityAsync(new TableEntity(tenantId, Row)
        {
            ["ConsecutiveFailures"] = state.ConsecutiveFailures,
            ["LastCountedImportId"] = state.LastCountedImportId,
            ["PausedAt"] = state.PausedAt,
            ["PauseReason"] = state.PauseReason,
        }, TableUpdateMode.Replace, cancellationToken);
    }
}

/// <summary>
/// A feed's run of <see cref="ConsecutiveFailures"/> (the last import counted, so counting one twice does nothing), and
/// its pause: since <see cref="PausedAt"/>, for <see cref="PauseReason"/>; null while it runs.
/// </summary>
public sealed record FeedState(int ConsecutiveFailures, string? LastCountedImportId, DateTimeOffset? PausedAt, string? PauseReason)
{
    public static readonly FeedState Running = new(0, null, null, null);

    public bool Paused => PausedAt is not null;
}
