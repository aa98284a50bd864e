using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Tenants and everything configured per tenant, one partition per tenant: the tenant row, its mapping,
/// custom fields, admin token hashes and the S3 key slots (issued key ids).
/// </summary>
public sealed class TenantStore(TableSet tables)
{
    private const string TenantRow = "tenant";
    private const string MappingRow = "mapping";
    private const string FieldPrefix = "field|";
    private const string TokenPrefix = "token|";
    private const string SlotPrefix = "s3slot|";
    private const string StaleReportRow = "stale-report";
    private const string DatesRow = "next-date";
    private const string HistoryPrunedRow = "history-pruned";

    public async Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, TenantRow, cancellationToken: cancellationToken);
        return found.HasValue ? ToTenant(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Tenant>> ListFeedEnabledAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var tenants = new List<Tenant>();
        await foreach (var entity in tables.Tenants.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {TenantRow} and FeedEnabled eq {true}"), cancellationToken: cancellationToken))
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

    /// <summary>When a user's start or end date next falls due (<c>DateChanges</c>), or null when none is to come.</summary>
    public Task<DateTimeOffset?> GetNextDateChangeAsync(string tenantId, CancellationToken cancellationToken) =>
        GetInstantAsync(tenantId, DatesRow, cancellationToken);

    /// <summary>Records when the tenant's next date falls due (null: none is to come). Its own row, so a settings write never undoes it.</summary>
    public async Task SetNextDateChangeAsync(string tenantId, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        if (at is { } next)
        {
            await SetInstantAsync(tenantId, DatesRow, next, cancellationToken);
        }
        else
        {
            await DeleteIfExistsAsync(tenantId, DatesRow, cancellationToken);
        }
    }

    /// <summary>
    /// When the users' histories were last pruned to the retention (<c>HistoryRetention</c>), and the cutoff it pruned to
    /// (entries before it are no longer shown); null: never.
    /// </summary>
    public async Task<(DateTimeOffset At, DateTimeOffset Before)?> GetHistoryPrunedAsync(string tenantId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, HistoryPrunedRow, cancellationToken: cancellationToken);
        return found.HasValue && found.Value!.GetDateTimeOffset("At") is { } at ? (at, found.Value.GetDateTimeOffset("Before") ?? DateTimeOffset.MinValue) : null;
    }

    public async Task SetHistoryPrunedAsync(string tenantId, DateTimeOffset at, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Tenants.UpsertEntityAsync(new TableEntity(tenantId, HistoryPrunedRow) { ["At"] = at, ["Before"] = before }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>An instant the tenant keeps in a row of its own (so a settings write never undoes it), or null when the row is not there.</summary>
    private async Task<DateTimeOffset?> GetInstantAsync(string tenantId, string rowKey, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetDateTimeOffset("At") : null;
    }

    private async Task SetInstantAsync(string tenantId, string rowKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Tenants.UpsertEntityAsync(new TableEntity(tenantId, rowKey) { ["At"] = at }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The last report of the tenant's feed as stale, or null when it is not reported (never, or a file came since).</summary>
    public async Task<StaleReport?> GetStaleReportAsync(string tenantId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
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
        DeleteIfExistsAsync(tenantId, StaleReportRow, cancellationToken);

    public async Task<IReadOnlyList<CustomField>> ListFieldsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var fields = new List<CustomField>();
        await foreach (var entity in QueryPrefixAsync(tenantId, FieldPrefix, cancellationToken))
        {
            fields.Add(new CustomField(entity.RowKey[FieldPrefix.Length..], entity.GetString("Label")));
        }

        return fields;
    }

    public async Task PutFieldAsync(string tenantId, CustomField field, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var entity = new TableEntity(tenantId, FieldPrefix + field.Key) { ["Label"] = field.Label };
        await tables.Tenants.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public Task<bool> DeleteFieldAsync(string tenantId, string key, CancellationToken cancellationToken) =>
        DeleteIfExistsAsync(tenantId, FieldPrefix + key, cancellationToken);

    /// <summary>Records an issued admin token by its hash (the token itself is never stored).</summary>
    public async Task AddTokenAsync(string tenantId, string tokenHash, AdminTokenInfo token, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.Tenants.AddEntityAsync(new TableEntity(tenantId, TokenPrefix + tokenHash)
        {
            ["Id"] = token.Id,
            ["Label"] = token.Label,
            ["CreatedAt"] = token.CreatedAt,
            ["ExpiresAt"] = token.ExpiresAt,
        }, cancellationToken);
    }

    /// <summary>The admin token with this hash, or null when there is none (never issued, or revoked).</summary>
    public async Task<AdminTokenInfo?> GetTokenAsync(string tenantId, string tokenHash, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, TokenPrefix + tokenHash, cancellationToken: cancellationToken);
        return found.HasValue ? ToToken(found.Value!) : null;
    }

    /// <summary>Records a use of the token; nothing when it was revoked meanwhile (a merge never recreates it).</summary>
    public async Task TouchTokenAsync(string tenantId, string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Tenants.UpdateEntityAsync(new TableEntity(tenantId, TokenPrefix + tokenHash) { ["LastUsedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // revoked in between
        }
    }

    /// <summary>The tenant's admin tokens (never their hashes). Tokens issued before tokens had ids are given one here.</summary>
    public async Task<IReadOnlyList<AdminTokenInfo>> ListTokensAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tokens = new List<AdminTokenInfo>();
        await foreach (var entity in QueryPrefixAsync(tenantId, TokenPrefix, cancellationToken))
        {
            if (string.IsNullOrEmpty(entity.GetString("Id")))
            {
                entity["Id"] = NewTokenId();
                await tables.Tenants.UpdateEntityAsync(new TableEntity(tenantId, entity.RowKey) { ["Id"] = entity["Id"] }, entity.ETag, TableUpdateMode.Merge, cancellationToken);
            }

            tokens.Add(ToToken(entity));
        }

        return [.. tokens.OrderBy(t => t.CreatedAt)];
    }

    /// <summary>Removes the token with this id; false when the tenant has none.</summary>
    public async Task<bool> DeleteTokenAsync(string tenantId, string tokenId, CancellationToken cancellationToken)
    {
        await foreach (var entity in QueryPrefixAsync(tenantId, TokenPrefix, cancellationToken))
        {
            if (entity.GetString("Id") == tokenId)
            {
                return await DeleteIfExistsAsync(tenantId, entity.RowKey, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>A new admin token id: random, unrelated to the token or its hash.</summary>
    public static string NewTokenId() => "tok" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true);

    private static AdminTokenInfo ToToken(TableEntity entity) => new(
        entity.GetString("Id") ?? "",
        entity.GetString("Label"),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("ExpiresAt"),
        entity.GetDateTimeOffset("LastUsedAt"));

    public async Task<SavedMapping?> GetMappingAsync(string tenantId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, MappingRow, cancellationToken: cancellationToken);
        return found.HasValue ? ToMapping(found.Value!) : null;
    }

    /// <summary>
    /// Saves a mapping. With <paramref name="ifMatch"/>, only over that version (null result: it no longer matches);
    /// "*" means any existing mapping.
    /// </summary>
    public async Task<SavedMapping?> SaveMappingAsync(
        string tenantId, FeedMapping mapping, string? ifMatch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await GetMappingAsync(tenantId, cancellationToken);
        if (ifMatch is not null && (current is null || (ifMatch != "*" && ifMatch != current.ETag)))
        {
            return null;
        }

        var entity = new TableEntity(tenantId, MappingRow)
        {
            ["Fields"] = MappingJson.Fields(mapping.Fields),
            ["Scope"] = MappingJson.Scope(mapping.Scope),
            ["Transforms"] = MappingJson.Transforms(mapping.Transforms),
            ["Version"] = (current?.Version ?? 0) + 1,
            ["UpdatedAt"] = now,
        };
        try
        {
            var response = current is null
                ? await tables.Tenants.AddEntityAsync(entity, cancellationToken)
                : await tables.Tenants.UpdateEntityAsync(entity, new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken);
            return ToMapping(entity) with { ETag = response.Headers.ETag?.ToString() ?? "" };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null; // saved by someone else in between
        }
    }

    public Task<bool> DeleteMappingAsync(string tenantId, CancellationToken cancellationToken) =>
        DeleteIfExistsAsync(tenantId, MappingRow, cancellationToken);

    /// <summary>The tenant's issued S3 keys: the key slots that hold an issued key.</summary>
    public async Task<IReadOnlyList<S3KeyInfo>> ListKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = new List<S3KeyInfo>();
        await foreach (var entity in QueryPrefixAsync(tenantId, SlotPrefix, cancellationToken))
        {
            if (entity.GetBoolean("Issued") == true)
            {
                keys.Add(new S3KeyInfo(entity.GetString("AccessKeyId") ?? "", entity.GetDateTimeOffset("CreatedAt") ?? default));
            }
        }

        return keys;
    }

    /// <summary>
    /// Claims a free key slot (0 to <paramref name="slots"/> - 1) for <paramref name="accessKeyId"/> before the key is issued,
    /// by inserting the slot's row: of two racing claims of one slot, one insert fails. Returns the claim, or the slots in
    /// the way: the caller may take over a pending claim older than a crash could leave (<see cref="TakeOverKeySlotAsync"/>).
    /// </summary>
    public async Task<(KeySlot? Claimed, IReadOnlyList<KeySlot> Taken)> ClaimKeySlotAsync(
        string tenantId, int slots, string accessKeyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        for (var slot = 0; slot < slots; slot++)
        {
            var entity = SlotEntity(tenantId, slot, accessKeyId, issued: false, now);
            try
            {
                var response = await tables.Tenants.AddEntityAsync(entity, cancellationToken);
                return (new KeySlot(slot, accessKeyId, false, now, response.Headers.ETag?.ToString() ?? ""), []);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // taken: try the next one
            }
        }

        var taken = new List<KeySlot>();
        await foreach (var entity in QueryPrefixAsync(tenantId, SlotPrefix, cancellationToken))
        {
            taken.Add(ToSlot(entity));
        }

        return (null, taken);
    }

    /// <summary>Takes over a pending slot left by a claim that never finished, if it is still as read; null when it changed meanwhile.</summary>
    public async Task<KeySlot?> TakeOverKeySlotAsync(string tenantId, KeySlot stale, string accessKeyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables.Tenants.UpdateEntityAsync(
                SlotEntity(tenantId, stale.Slot, accessKeyId, issued: false, now), new ETag(stale.ETag), TableUpdateMode.Replace, cancellationToken);
            return new KeySlot(stale.Slot, accessKeyId, false, now, response.Headers.ETag?.ToString() ?? "");
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Marks a claimed slot's key as issued; false when the claim was taken over meanwhile (the key must then be revoked).</summary>
    public async Task<bool> ConfirmKeySlotAsync(string tenantId, KeySlot claim, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Tenants.UpdateEntityAsync(
                SlotEntity(tenantId, claim.Slot, claim.AccessKeyId, issued: true, issuedAt), new ETag(claim.ETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Frees a slot: with <paramref name="claim"/>'s ETag (a failed issue), or whatever it holds when null is passed for the tag.</summary>
    public async Task ReleaseKeySlotAsync(string tenantId, int slot, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Tenants.DeleteEntityAsync(tenantId, SlotRow(slot), etag is null ? ETag.All : new ETag(etag), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // taken over meanwhile: no longer ours to free
        }
    }

    /// <summary>The issued slot holding <paramref name="accessKeyId"/>, or null.</summary>
    public async Task<KeySlot?> FindKeySlotAsync(string tenantId, string accessKeyId, CancellationToken cancellationToken)
    {
        await foreach (var entity in QueryPrefixAsync(tenantId, SlotPrefix, cancellationToken))
        {
            var slot = ToSlot(entity);
            if (slot.Issued && slot.AccessKeyId == accessKeyId)
            {
                return slot;
            }
        }

        return null;
    }

    private static string SlotRow(int slot) => SlotPrefix + slot.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity SlotEntity(string tenantId, int slot, string accessKeyId, bool issued, DateTimeOffset at) => new(tenantId, SlotRow(slot))
    {
        ["AccessKeyId"] = accessKeyId,
        ["Issued"] = issued,
        [issued ? "CreatedAt" : "ClaimedAt"] = at,
    };

    private static KeySlot ToSlot(TableEntity entity) => new(
        int.Parse(entity.RowKey[SlotPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture),
        entity.GetString("AccessKeyId") ?? "",
        entity.GetBoolean("Issued") == true,
        entity.GetDateTimeOffset("CreatedAt") ?? entity.GetDateTimeOffset("ClaimedAt") ?? default,
        entity.ETag.ToString());

    private async IAsyncEnumerable<TableEntity> QueryPrefixAsync(
        string tenantId, string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {upper}");
        await foreach (var entity in tables.Tenants.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return entity;
        }
    }

    private async Task<bool> DeleteIfExistsAsync(string tenantId, string rowKey, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var response = await tables.Tenants.DeleteEntityAsync(tenantId, rowKey, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    private static TableEntity ToEntity(Tenant tenant) => new(tenant.TenantId, TenantRow)
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
    };

    private static SavedMapping ToMapping(TableEntity entity) => new(
        MappingJson.ReadFields(entity.GetString("Fields")),
        entity.GetInt32("Version") ?? 1,
        entity.ETag.ToString(),
        entity.GetDateTimeOffset("UpdatedAt") ?? default)
    {
        Scope = MappingJson.ReadScope(entity.GetString("Scope")),
        Transforms = MappingJson.ReadTransforms(entity.GetString("Transforms")),
    };
}

/// <summary>
/// One of a tenant's S3 key slots: a key being issued (<see cref="Issued"/> false, since <see cref="At"/>) or an issued key
/// (since <see cref="At"/>). <see cref="ETag"/> is the row's, for conditional updates.
/// </summary>
public sealed record KeySlot(int Slot, string AccessKeyId, bool Issued, DateTimeOffset At, string ETag);

/// <summary>The feed was reported stale at <see cref="ReportedAt"/>, having had no file since <see cref="Since"/>; <see cref="ETag"/> is the row's.</summary>
public sealed record StaleReport(DateTimeOffset Since, DateTimeOffset ReportedAt, string ETag);

/// <summary>A tenant admin token as we remember it: never the token, nor (outside this store) its hash.</summary>
public sealed record AdminTokenInfo(string Id, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
