using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Audit;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// Which SCIM attribute feeds which field, as the file's mapping says which column does: the names and each custom
/// field may take another attribute of the tenant's User schema (<see cref="ScimUserMapping.Check"/>); the rest are fixed.
/// </summary>
public static class ScimMappingEndpoints
{
    public static async Task<Ok<ScimMappingDto>> GetScimMapping(RouteTenant tenant, MappingStore fields, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DtoAsync(tenant.Record.ScimAttributes, tenant.Id, fields, cancellationToken));

    public static async Task<Results<Ok<ScimMappingDto>, ProblemHttpResult, NotFoundProblem>> PutScimMapping(
        RouteTenant tenant, [FromBody] ScimMappingBody body, MappingStore fields, TenantStore tenants, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var keys = (await fields.ListFieldsAsync(tenant.Id, cancellationToken)).Select(f => f.Key).ToList();
        var chosen = body.Attributes.ToDictionary(a => a.Key, a => a.Value.Trim(), StringComparer.Ordinal);
        if (ScimUserMapping.Check(chosen, keys) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors.ToDictionary(e => $"attributes.{e.Key}", e => e.Value));
        }

        if (await tenants.UpdateSettingsAsync(tenant.Id, t => t with { ScimAttributes = chosen }, time.GetUtcNow(), cancellationToken) is not { } updated)
        {
            return Problems.TenantNotFound(tenant.Id);
        }

        var changes = AuditChanges.Diff(
            tenant.Record.ScimAttributes.ToDictionary(a => a.Key, a => (string?)a.Value),
            updated.ScimAttributes.ToDictionary(a => a.Key, a => (string?)a.Value));
        await audit.RecordAsync(tenant.Id, AuditActions.ScimMappingSaved, null, changes.Length > 0 ? changes : "saved unchanged", cancellationToken);
        return TypedResults.Ok(await DtoAsync(updated.ScimAttributes, tenant.Id, fields, cancellationToken));
    }

    private static async Task<ScimMappingDto> DtoAsync(IReadOnlyDictionary<string, string> chosen, string tenantId, MappingStore fields, CancellationToken cancellationToken)
    {
        var mapping = new ScimUserMapping([.. (await fields.ListFieldsAsync(tenantId, cancellationToken)).Select(f => f.Key)], chosen);
        return new ScimMappingDto(mapping.Attributes, chosen);
    }
}

/// <summary>The SCIM attributes the admin chooses, by field (<c>firstName</c>, <c>lastName</c>, <c>custom.{key}</c>); a field left out takes its default.</summary>
public sealed record ScimMappingBody(
    [property: Description("field → SCIM attribute path, e.g. {\"custom.title\": \"title\"}; fields left out take their default")] IReadOnlyDictionary<string, string> Attributes);

/// <summary>Each choosable field's attribute now (the chosen ones and the defaults), and what the admin chose.</summary>
public sealed record ScimMappingDto(IReadOnlyDictionary<string, string> Attributes, IReadOnlyDictionary<string, string> Chosen);
