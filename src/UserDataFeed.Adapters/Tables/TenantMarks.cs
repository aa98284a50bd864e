using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// What a tenant's runs remember between them, each in a row of its own of the tenant's partition (so a settings write,
/// which replaces the tenant row, never undoes it): the last stale report (<c>stale-report</c>), when a user's date next
/// falls due (<c>next-date</c>), and the last pruning of histories (<c>history-pruned</c>).
/// </summary>
public sealed class TenantMarks(TableSet tables)
{
    private const string StaleReportRow = "stale-report";
    private const string DatesRow = "next-date";
    private const string HistoryPrunedRow = "history-pruned";

    /// <summary>When a user's start or end date next falls due (<c>DateChanges</c>), or null when none is to come.</summary>
    public async Task<DateTimeOffset?> GetNextDateChangeAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, DatesRow, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetDateTimeOffset("At") : null;
    }

    /// <summary>Records when the tenant's next date falls due (null: none is to come).</summary>
    public async Task SetNextDateChangeAsync(string tenantId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (at is { } next)
        {
            await tables.Tenants.UpsertEntityAsync(new TableEntity(tenantId, DatesRow) { ["At"] = next }, TableUpdateMode.Replace, cancellationToken);
        }
        else
        {
            await TenantRows.DeleteIfExistsAsync(tables.Tenants, tenantId, DatesRow, cancellationToken);
        }
    }

    /// <summary>
    /// When the users' histories were last pruned to the retention (<c>HistoryRetention</c>), and the cutoff it pruned to
    /// (entries before it are no longer shown); null: never.
    /// </summary>
    public async Task<(DateTimeOffset At, DateTimeOffset Before)?> GetHistoryPrunedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, HistoryPrunedRow, cancellationToken: cancellationToken);
        return found.HasValue && found.Value!.GetDateTimeOffset("At") is { } at ? (at, found.Value.GetDateTimeOffset("Before") ?? DateTimeOffset.MinValue) : null;
    }

    public async Task SetHistoryPrunedAsync(string tenantId, DateTimeOffset at, DateTimeOffset before, CancellationToken cancellationToken) =>
        await tables.Tenants.UpsertEntityAsync(new TableEntity(tenantId, HistoryPrunedRow) { ["At"] = at, ["Before"] = before }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The last report of the tenant's feed as stale, or null when it is not reported (never, or a file came since).</summary>
    public async Task<StaleReport?> GetStaleReportAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, StaleReportRow, cancellationToken: cancellationToken);
        return found.HasValue
            ? new StaleReport(found.Value!.GetDateTimeOffset("Since") ?? default, found.Value.GetDateTimeOffset("ReportedAt") ?? default, found.Value.ETag.ToString())
            : null;
    }

    /// <summary>
    /// Records a report of the feed as stale since <paramref name="since"/>, over <paramref name="previous"/> as read (insert when null).
    /// False when another instance changed the row in between: it reports, this one does not.
    /// </summary>
    public async Task<bool> TryRecordStaleReportAsync(string tenantId, StaleReport? previous, DateTimeOffset since, DateTimeOffset reportedAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tenantId, StaleReportRow) { ["Since"] = since, ["ReportedAt"] = reportedAt };
        try
        {
            _ = previous is null
                ? await tables.Tenants.AddEntityAsync(entity, cancellationToken)
                : await tables.Tenants.UpdateEntityAsync(entity, new ETag(previous.ETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Forgets the stale report (a file arrived): the next staleness is reported again.</summary>
    public Task<bool> ClearStaleReportAsync(string tenantId, CancellationToken cancellationToken) =>
        TenantRows.DeleteIfExistsAsync(tables.Tenants, tenantId, StaleReportRow, cancellationToken);
}

/// <summary>The feed was reported stale at <see cref="ReportedAt"/>, having had no file since <see cref="Since"/>; <see cref="ETag"/> is the row's.</summary>
public sealed record StaleReport(DateTimeOffset Since, DateTimeOffset ReportedAt, string ETag);
