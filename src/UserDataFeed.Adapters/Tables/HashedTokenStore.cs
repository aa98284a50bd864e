using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// A tenant's bearer tokens of one kind, by their hash (the token itself is never stored): a <c>{prefix}&lt;sha256&gt;</c>
/// row each in the tenant's partition of the tenants table, so checking a token is a point read. Admin tokens
/// (<see cref="AdminTokenStore"/>) and SCIM tokens (<see cref="ScimTokenStore"/>) are kept alike, apart by their prefix.
/// </summary>
public abstract class HashedTokenStore(TableSet tables, string prefix)
{
    /// <summary>Records an issued admin token by its hash.</summary>
    public async Task AddAsync(string tenantId, string tokenHash, AdminTokenInfo token, CancellationToken cancellationToken)
    {
        await tables.Tenants.AddEntityAsync(new TableEntity(tenantId, prefix + tokenHash)
        {
            ["Id"] = token.Id,
            ["Label"] = token.Label,
            ["CreatedAt"] = token.CreatedAt,
            ["ExpiresAt"] = token.ExpiresAt,
        }, cancellationToken);
    }

    /// <summary>The admin token with this hash, or null when there is none (never issued, or revoked).</summary>
    public async Task<AdminTokenInfo?> GetAsync(string tenantId, string tokenHash, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, prefix + tokenHash, cancellationToken: cancellationToken);
        return found.HasValue ? ToToken(found.Value!) : null;
    }

    /// <summary>Records a use of the token; nothing when it was revoked meanwhile (a merge never recreates it).</summary>
    public async Task TouchAsync(string tenantId, string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Tenants.UpdateEntityAsync(new TableEntity(tenantId, prefix + tokenHash) { ["LastUsedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // revoked in between
        }
    }

    /// <summary>The tenant's admin tokens (never their hashes). Tokens issued before tokens had ids are given one here.</summary>
    public async Task<IReadOnlyList<AdminTokenInfo>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tokens = new List<AdminTokenInfo>();
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, prefix, cancellationToken))
        {
            if (string.IsNullOrEmpty(entity.GetString("Id")))
            {
                entity["Id"] = NewId();
                await tables.Tenants.UpdateEntityAsync(new TableEntity(tenantId, entity.RowKey) { ["Id"] = entity["Id"] }, entity.ETag, TableUpdateMode.Merge, cancellationToken);
            }

            tokens.Add(ToToken(entity));
        }

        return [.. tokens.OrderBy(t => t.CreatedAt)];
    }

    /// <summary>Removes the token with this id; false when the tenant has none.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string tokenId, CancellationToken cancellationToken)
    {
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, prefix, cancellationToken))
        {
            if (entity.GetString("Id") == tokenId)
            {
                return await TenantRows.DeleteIfExistsAsync(tables.Tenants, tenantId, entity.RowKey, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>A new admin token id: random, unrelated to the token or its hash.</summary>
    public static string NewId() => "tok" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true);

    private static AdminTokenInfo ToToken(TableEntity entity) => new(
        entity.GetString("Id") ?? "",
        entity.GetString("Label"),
        entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("ExpiresAt"),
        entity.GetDateTimeOffset("LastUsedAt"));
}

/// <summary>A tenant's admin or SCIM token as we remember it: never the token, nor (outside <see cref="HashedTokenStore"/>) its hash.</summary>
public sealed record AdminTokenInfo(string Id, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
