namespace UserDataFeed.Service.Api;

/// <summary>
/// Every route template of the HTTP API, <c>api/</c> prefix included. Constants, so the Functions attributes
/// (host.json's route prefix is empty) and the self-host's endpoint map use the very same strings.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    /// <summary>The OpenAPI document of these routes (anonymous).</summary>
    public const string OpenApi = Prefix + "/openapi.json";

    /// <summary>The interactive docs of the OpenAPI document (anonymous).</summary>
    public const string Docs = Prefix + "/docs";

    public const string Tenant = Prefix + "/tenants/{tenantId}";
    public const string AdminTokens = Prefix + "/tenants/{tenantId}/admin-tokens";
    public const string AdminToken = Prefix + "/tenants/{tenantId}/admin-tokens/{tokenId}";
    public const string Fields = Prefix + "/tenants/{tenantId}/fields";
    public const string Field = Prefix + "/tenants/{tenantId}/fields/{fieldKey}";
    public const string Template = Prefix + "/tenants/{tenantId}/feed/template";
    public const string Mapping = Prefix + "/tenants/{tenantId}/feed/mapping";
    public const string MappingPreview = Prefix + "/tenants/{tenantId}/feed/mapping/preview";
    public const string ConnectionKeys = Prefix + "/tenants/{tenantId}/feed/connection/keys";
    public const string Connection = Prefix + "/tenants/{tenantId}/feed/connection";
    public const string ConnectionKey = Prefix + "/tenants/{tenantId}/feed/connection/keys/{accessKeyId}";
    public const string Poll = Prefix + "/tenants/{tenantId}/feed/poll";
    public const string Imports = Prefix + "/tenants/{tenantId}/feed/imports";
    public const string Import = Prefix + "/tenants/{tenantId}/feed/imports/{importId}";
    public const string ImportErrors = Prefix + "/tenants/{tenantId}/feed/imports/{importId}/errors";
    public const string ImportDeactivations = Prefix + "/tenants/{tenantId}/feed/imports/{importId}/deactivations";
    public const string ImportApprove = Prefix + "/tenants/{tenantId}/feed/imports/{importId}/approve";
    public const string ImportReject = Prefix + "/tenants/{tenantId}/feed/imports/{importId}/reject";
    public const string DryRun = Prefix + "/tenants/{tenantId}/feed/dry-run";
    public const string Settings = Prefix + "/tenants/{tenantId}/feed/settings";
    public const string Health = Prefix + "/tenants/{tenantId}/feed/health";
    public const string Audit = Prefix + "/tenants/{tenantId}/feed/audit";
    public const string Resume = Prefix + "/tenants/{tenantId}/feed/resume";
    public const string Webhooks = Prefix + "/tenants/{tenantId}/feed/webhooks";
    public const string Webhook = Prefix + "/tenants/{tenantId}/feed/webhooks/{name}";
    public const string WebhookDeliveries = Prefix + "/tenants/{tenantId}/feed/webhooks/{name}/deliveries";
    public const string Users = Prefix + "/tenants/{tenantId}/users";
    public const string User = Prefix + "/tenants/{tenantId}/users/{email}";
    public const string UserHistory = User + "/history";
    public const string Groups = Prefix + "/tenants/{tenantId}/groups";
    public const string Group = Prefix + "/tenants/{tenantId}/groups/{groupId}";
    public const string GroupMembers = Prefix + "/tenants/{tenantId}/groups/{groupId}/members";
    public const string GroupMember = Prefix + "/tenants/{tenantId}/groups/{groupId}/members/{email}";
    public const string ScimTokens = Prefix + "/tenants/{tenantId}/scim/tokens";
    public const string ScimToken = Prefix + "/tenants/{tenantId}/scim/tokens/{tokenId}";
    public const string ScimMapping = Prefix + "/tenants/{tenantId}/scim/mapping";

    /// <summary>The base URL of the tenant's SCIM service (RFC 7644 §3), which an admin pastes into the identity provider.</summary>
    public const string ScimBase = Prefix + "/tenants/{tenantId}/scim/v2";
    public const string ScimServiceProviderConfig = ScimBase + "/ServiceProviderConfig";
    public const string ScimResourceTypes = ScimBase + "/ResourceTypes";
    public const string ScimResourceType = ScimBase + "/ResourceTypes/{resourceType}";
    public const string ScimSchemas = ScimBase + "/Schemas";
    public const string ScimSchema = ScimBase + "/Schemas/{schemaId}";
    public const string ScimUsers = ScimBase + "/Users";
    public const string ScimUser = ScimBase + "/Users/{id}";
    public const string ScimGroups = ScimBase + "/Groups";
    public const string ScimGroup = ScimBase + "/Groups/{id}";
    public const string ScimBulk = ScimBase + "/Bulk";
    public const string ScimHeld = Prefix + "/tenants/{tenantId}/scim/held";
    public const string ScimHeldApprove = ScimHeld + "/approve";
    public const string ScimHeldReject = ScimHeld + "/reject";
    public const string ScimLog = Prefix + "/tenants/{tenantId}/scim/log";
}

/// <summary>HTTP methods as the Functions attributes spell them.</summary>
public static class Verbs
{
    public const string Get = "get";
    public const string Put = "put";
    public const string Post = "post";
    public const string Delete = "delete";
    public const string Patch = "patch";
}
