using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// What a tenant's files are read with: the saved mapping (the <c>mapping</c> row, versioned, saved over its ETag) and
/// the custom fields a mapping may name (a <c>field|&lt;key&gt;</c> row each), in the tenant's partition of the tenants table.
/// </summary>
public sealed class MappingStore(TableSet tables)
{
    private const string MappingRow = "mapping";
    private const string FieldPrefix = "field|";

    public async Task<SavedMapping?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, MappingRow, cancellationToken: cancellationToken);
        return found.HasValue ? ToMapping(found.Value!) : null;
    }

    /// <summary>
    /// Saves a mapping. With <paramref name="ifMatch"/>, only over that version (null result: it no longer matches);
    /// "*" means any existing mapping.
    /// </summary>
    public async Task<SavedMapping?> SaveAsync(
        string tenantId, FeedMapping mapping, string? ifMatch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await GetAsync(tenantId, cancellationToken);
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

    public Task<bool> DeleteAsync(string tenantId, CancellationToken cancellationToken) =>
        TenantRows.DeleteIfExistsAsync(tables.Tenants, tenantId, MappingRow, cancellationToken);

    public async Task<IReadOnlyList<CustomField>> ListFieldsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var fields = new List<CustomField>();
        await foreach (var entity in TenantRows.WithPrefixAsync(tables.Tenants, tenantId, FieldPrefix, cancellationToken))
        {
            fields.Add(new CustomField(entity.RowKey[FieldPrefix.Length..], entity.GetString("Label")));
        }

        return fields;
    }

    public async Task PutFieldAsync(string tenantId, CustomField field, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tenantId, FieldPrefix + field.Key) { ["Label"] = field.Label };
        await tables.Tenants.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public Task<bool> DeleteFieldAsync(string tenantId, string key, CancellationToken cancellationToken) =>
        TenantRows.DeleteIfExistsAsync(tables.Tenants, tenantId, FieldPrefix + key, cancellationToken);

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
