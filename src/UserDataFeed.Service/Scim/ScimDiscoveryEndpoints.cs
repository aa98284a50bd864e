using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// SCIM discovery (RFC 7644 §4), per tenant: what the service provider serves (<c>ServiceProviderConfig</c>, RFC 7643
/// §5), its resource types (§6) and schemas (§7), the tenant's custom fields among them (<see cref="ScimTenantSchema"/>).
/// Filtering, sorting and paging are not defined on these endpoints: a <c>filter</c> is refused with 403 (RFC 7644 §4).
/// </summary>
public static class ScimDiscoveryEndpoints
{
    private const string ServiceProviderConfigUrn = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private const string ResourceTypeUrn = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private const string ListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static Results<ScimResourceResult, ScimErrorResult> GetScimServiceProviderConfig(RouteTenant tenant, HttpRequest request)
    {
        if (FilterRefused(request) is { } refused)
        {
            return refused;
        }

        return ScimResults.Resource(new JsonObject
        {
            ["schemas"] = new JsonArray(ServiceProviderConfigUrn),
            ["patch"] = Supported(ScimServiceProvider.PatchSupported),
            ["bulk"] = new JsonObject
            {
                ["supported"] = ScimServiceProvider.BulkSupported,
                ["maxOperations"] = ScimServiceProvider.BulkMaxOperations,
                ["maxPayloadSize"] = ScimServiceProvider.BulkMaxPayloadSize,
            },
            ["filter"] = new JsonObject { ["supported"] = true, ["maxResults"] = ScimServiceProvider.FilterMaxResults },
            ["changePassword"] = Supported(ScimServiceProvider.ChangePasswordSupported),
            ["sort"] = Supported(ScimServiceProvider.SortSupported),
            ["etag"] = Supported(ScimServiceProvider.ETagSupported),
            ["authenticationSchemes"] = new JsonArray(new JsonObject
            {
                ["type"] = "oauthbearertoken",
                ["name"] = "OAuth Bearer Token",
                ["description"] = "A SCIM token of this tenant, issued by its admin, sent as 'Authorization: Bearer <token>'.",
                ["primary"] = true,
            }),
            ["meta"] = Meta("ServiceProviderConfig", ScimLocations.Of(request, tenant.Id, "ServiceProviderConfig")),
        });
    }

    public static Results<ScimResourceResult, ScimErrorResult> ListScimResourceTypes(RouteTenant tenant, HttpRequest request) =>
        FilterRefused(request) is { } refused ? refused : ScimResults.Resource(ListOf([.. ResourceTypes(request, tenant.Id).Values]));

    public static Results<ScimResourceResult, ScimErrorResult> GetScimResourceType(RouteTenant tenant, string resourceType, HttpRequest request) =>
        ResourceTypes(request, tenant.Id).TryGetValue(resourceType, out var type)
            ? ScimResults.Resource(type)
            : ScimResults.Error(StatusCodes.Status404NotFound, null, $"There is no resource type '{resourceType}': this service serves User and Group.");

    public static async Task<Results<ScimResourceResult, ScimErrorResult>> ListScimSchemas(
        RouteTenant tenant, HttpRequest request, MappingStore mappings, CancellationToken cancellationToken)
    {
        if (FilterRefused(request) is { } refused)
        {
            return refused;
        }

        return ScimResults.Resource(ListOf([.. (await SchemasAsync(request, tenant.Id, mappings, cancellationToken)).Values]));
    }

    public static async Task<Results<ScimResourceResult, ScimErrorResult>> GetScimSchema(
        RouteTenant tenant, string schemaId, HttpRequest request, MappingStore mappings, CancellationToken cancellationToken) =>
        (await SchemasAsync(request, tenant.Id, mappings, cancellationToken)).TryGetValue(schemaId, out var schema)
            ? ScimResults.Resource(schema)
            : ScimResults.Error(StatusCodes.Status404NotFound, null, $"There is no schema '{schemaId}'.");

    /// <summary>The Schema resources by URN (compared ignoring case, RFC 7643 §2.1): User, the enterprise extension, ours, Group.</summary>
    private static async Task<Dictionary<string, JsonObject>> SchemasAsync(HttpRequest request, string tenantId, MappingStore mappings, CancellationToken cancellationToken)
    {
        var fields = await mappings.ListFieldsAsync(tenantId, cancellationToken);
        string Location(string urn) => ScimLocations.Of(request, tenantId, "Schemas", urn);
        JsonObject[] schemas =
        [
            ScimSchemaDocument.Render(ScimSchemas.UserUrn, "User", "User Account", ScimSchemas.User.Attributes, Location(ScimSchemas.UserUrn), "userName"),
            ScimSchemaDocument.Render(ScimSchemas.EnterpriseUserUrn, "EnterpriseUser", "Enterprise User", ScimSchemas.EnterpriseUser.Attributes, Location(ScimSchemas.EnterpriseUserUrn)),
            ScimSchemaDocument.Render(ScimTenantSchema.FieldsUrn, "UserDataFeedFields", "The tenant's custom profile fields, one string attribute per field, named by its key",
                ScimTenantSchema.Fields(fields).Attributes, Location(ScimTenantSchema.FieldsUrn), descriptions: fields.ToDictionary(f => f.Key, f => f.Label)),
            ScimSchemaDocument.Render(ScimSchemas.GroupUrn, "Group", "Group", ScimSchemas.Group.Attributes, Location(ScimSchemas.GroupUrn), "displayName"),
        ];
        return schemas.ToDictionary(s => s["id"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The ResourceType resources by name (RFC 7643 §6): User, with both extensions, and Group.</summary>
    private static Dictionary<string, JsonObject> ResourceTypes(HttpRequest request, string tenantId) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["User"] = ResourceType(request, tenantId, "User", "/Users", "User Account", ScimSchemas.UserUrn, [ScimSchemas.EnterpriseUserUrn, ScimTenantSchema.FieldsUrn]),
        ["Group"] = ResourceType(request, tenantId, "Group", "/Groups", "Group", ScimSchemas.GroupUrn, []),
    };

    private static JsonObject ResourceType(HttpRequest request, string tenantId, string name, string endpoint, string description, string schema, string[] extensions) => new()
    {
        ["schemas"] = new JsonArray(ResourceTypeUrn),
        ["id"] = name,
        ["name"] = name,
        ["endpoint"] = endpoint,
        ["description"] = description,
        ["schema"] = schema,
        ["schemaExtensions"] = new JsonArray([.. extensions.Select(urn => (JsonNode)new JsonObject { ["schema"] = urn, ["required"] = false })]),
        ["meta"] = Meta("ResourceType", ScimLocations.Of(request, tenantId, "ResourceTypes", name)),
    };

    /// <summary>A ListResponse (RFC 7644 §3.4.2) of every resource, on one page.</summary>
    private static JsonObject ListOf(JsonObject[] resources) => new()
    {
        ["schemas"] = new JsonArray(ListResponseUrn),
        ["totalResults"] = resources.Length,
        ["itemsPerPage"] = resources.Length,
        ["startIndex"] = 1,
        ["Resources"] = new JsonArray([.. resources]),
    };

    private static JsonObject Supported(bool supported) => new() { ["supported"] = supported };

    private static JsonObject Meta(string resourceType, string location) => new() { ["resourceType"] = resourceType, ["location"] = location };

    /// <summary>RFC 7644 §4: a filter on a discovery endpoint SHOULD be answered 403, so a client does not take its conditions as met.</summary>
    private static ScimErrorResult? FilterRefused(HttpRequest request) => request.Query.ContainsKey("filter")
        ? ScimResults.Error(StatusCodes.Status403Forbidden, null, "The discovery endpoints take no filter (RFC 7644 §4): ask for the whole list.")
        : null;
}
