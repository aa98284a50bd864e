using System.Globalization;
using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// A tenant's S3 key slots: a <c>s3slot|&lt;n&gt;</c> row per issued key (or key being issued) in the tenant's partition of
/// the tenants table. A slot is claimed by inserting its row, so two racing issues never take one slot.
/// </summary>
public sealed class KeySlotStore(TableSet tables)
{
    private const string Prefix = "s3slot|";

    /// <summary>The tenant's issued S3 keys: the key slots that hold an issued key.</summary>
    public async Task<IReadOnlyList<S3KeyInfo>> ListKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = new List<S3KeyInfo>();
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, Prefix, cancellationToken))
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
    /// the way: the caller may take over a pending claim older than a crash could leave (<see cref="TakeOverAsync"/>).
    /// </summary>
    public async Task<(KeySlot? Claimed, IReadOnlyList<KeySlot> Taken)> ClaimAsync(
        string tenantId, int slots, string accessKeyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
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
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, Prefix, cancellationToken))
        {
            taken.Add(ToSlot(entity));
        }

        return (null, taken);
    }

    /// <summary>Takes over a pending slot left by a claim that never finished, if it is still as read; null when it changed meanwhile.</summary>
    public async Task<KeySlot?> TakeOverAsync(string tenantId, KeySlot stale, string accessKeyId, DateTimeOffset now, CancellationToken cancellationToken)
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
    public async Task<bool> ConfirmAsync(string tenantId, KeySlot claim, DateTimeOffset issuedAt, CancellationToken cancellationToken)
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

    /// <summary>Frees a slot: with a claim's ETag (a failed issue), or whatever it holds when null is passed for the tag.</summary>
    public async Task ReleaseAsync(string tenantId, int slot, string? etag, CancellationToken cancellationToken)
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
    public async Task<KeySlot?> FindAsync(string tenantId, string accessKeyId, CancellationToken cancellationToken)
    {
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, Prefix, cancellationToken))
        {
            var slot = ToSlot(entity);
            if (slot.Issued && slot.AccessKeyId == accessKeyId)
            {
                return slot;
            }
        }

        return null;
    }

    private static string SlotRow(int slot) => Prefix + slot.ToString(CultureInfo.InvariantCulture);

    private static TableEntity SlotEntity(string tenantId, int slot, string accessKeyId, bool issued, DateTimeOffset at) => new(tenantId, SlotRow(slot))
    {
        ["AccessKeyId"] = accessKeyId,
        ["Issued"] = issued,
        [issued ? "CreatedAt" : "ClaimedAt"] = at,
    };

    private static KeySlot ToSlot(TableEntity entity) => new(
        int.Parse(entity.RowKey[Prefix.Length..], CultureInfo.InvariantCulture),
        entity.GetString("AccessKeyId") ?? "",
        entity.GetBoolean("Issued") == true,
        entity.GetDateTimeOffset("CreatedAt") ?? entity.GetDateTimeOffset("ClaimedAt") ?? default,
        entity.ETag.ToString());
}

/// <summary>
/// One of a tenant's S3 key slots: a key being issued (<see cref="Issued"/> false, since <see cref="At"/>) or an issued key
/// (since <see cref="At"/>). <see cref="ETag"/> is the row's, for conditional updates.
/// </summary>
public sealed record KeySlot(int Slot, string AccessKeyId, bool Issued, DateTimeOffset At, string ETag);
