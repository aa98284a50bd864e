using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The tenant and its feed settings: the <c>tenant</c> row of the tenant's partition of the tenants table, replaced
/// whole by the operator's and the admin's writes (so what runs write lives in rows of its own: <see cref="TenantMarks"/>).
/// </summary>
public sealed class TenantStore(TableSet tables)
{
    private const string Row = "tenant";

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, Row, cancellationToken: cancellationToken);
        return found.HasValue ? ToTenant(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Tenant>> ListFeedEnabledAsync(CancellationToken cancellationToken)
    {
        var tenants = new List<Tenant>();
        await foreach (var entity in tables.Tenants.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row} and FeedEnabled eq {true}"), cancellationToken: cancellationToken))
        {
            tenants.Add(ToTenant(entity));
        }

        return tenants;
    }

    /// <summary>Creates or updates the tenant row; returns the tenant and whether it was new.</summary>
    public async Task<(Tenant Tenant, bool Created)> UpsertAsync(
        string tenantId, string displayName, bool feedEnabled, string bucket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(tenantId, cancellationToken);
        var tenant = existing is null
            ? new Tenant(tenantId, displayName, feedEnabled, bucket, HoldThreshold.Default, now, now)
            : existing with { DisplayName = displayName, FeedEnabled = feedEnabled, UpdatedAt = now };
        await tables.Tenants.UpsertEntityAsync(ToEntity(tenant), TableUpdateMode.Replace, cancellationToken);
        return (tenant, existing is null);
    }

    /// <summary>Replaces the tenant's feed settings (the safety hold, <see cref="Tenant.StaleAfter"/>, the grace period…) as <paramref name="change"/> sets them.</summary>
    public async Task<Tenant?> UpdateSettingsAsync(string tenantId, Func<Tenant, Tenant> change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await GetAsync(tenantId, cancellationToken) is not { } tenant)
        {
            return null;
        }

        tenant = change(tenant) with { UpdatedAt = now };
        await tables.Tenants.UpsertEntityAsync(ToEntity(tenant), TableUpdateMode.Replace, cancellationToken);
        return tenant;
    }

    private static TableEntity ToEntity(Tenant tenant) => new(tenant.TenantId, Row)
    {
        ["DisplayName"] = tenant.DisplayName,
        ["FeedEnabled"] = tenant.FeedEnabled,
        ["Bucket"] = tenant.Bucket,
        ["HoldPercent"] = tenant.Hold.Percent,
        ["HoldMinimum"] = tenant.Hold.Minimum,
        ["StaleAfter"] = tenant.StaleAfter?.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["DeactivateAfterMissingFiles"] = tenant.DeactivateAfterMissingFiles,
        ["TimeZone"] = tenant.TimeZone,
        ["PauseAfterFailedFiles"] = tenant.PauseAfterFailedFiles,
        ["HistoryRetentionDays"] = tenant.HistoryRetentionDays,
        ["UsersSource"] = tenant.UsersSource.ToString(),
        ["ScimHoldWindowTicks"] = tenant.ScimHoldWindow.Ticks,
        ["ScimAttributes"] = System.Text.Json.JsonSerializer.Serialize(tenant.ScimAttributes),
        ["CreatedAt"] = tenant.CreatedAt,
        ["UpdatedAt"] = tenant.UpdatedAt,
    };

    private static Tenant ToTenant(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("DisplayName") ?? "",
        entity.GetBoolean("FeedEnabled") ?? false,
        entity.GetString("Bucket") ?? "",
        new HoldThreshold(entity.GetInt32("HoldPercent") ?? HoldThreshold.Default.Percent, entity.GetInt32("HoldMinimum") ?? HoldThreshold.Default.Minimum),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("UpdatedAt") ?? default)
    {
        StaleAfter = TimeSpan.TryParseExact(entity.GetString("StaleAfter"), "c", System.Globalization.CultureInfo.InvariantCulture, out var after) ? after : null,
        DeactivateAfterMissingFiles = entity.GetInt32("DeactivateAfterMissingFiles") ?? 1,
        TimeZone = entity.GetString("TimeZone") ?? "UTC",
        PauseAfterFailedFiles = entity.GetInt32("PauseAfterFailedFiles") ?? Tenant.DefaultPauseAfterFailedFiles,
        HistoryRetentionDays = entity.GetInt32("HistoryRetentionDays") ?? Tenant.DefaultHistoryRetentionDays,
        UsersSource = Enum.TryParse<UsersSource>(entity.GetString("UsersSource"), out var source) ? source : UsersSource.File,
        ScimHoldWindow = entity.GetInt64("ScimHoldWindowTicks") is { } ticks ? TimeSpan.FromTicks(ticks) : Tenant.DefaultScimHoldWindow,
        ScimAttributes = entity.GetString("ScimAttributes") is { Length: > 0 } chosen
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(chosen) ?? []
            : new Dictionary<string, string>(),
    };
}
