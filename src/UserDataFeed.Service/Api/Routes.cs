namespace UserDataFeed.Service.Api;

/// <summary>
/// Every route of the HTTP API, relative to the <c>/api</c> prefix. Constants, so the Functions
/// attributes and the self-host's endpoint map use the very same strings.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    public const string Tenant = "tenants/{tenantId}";
    public const string AdminTokens = "tenants/{tenantId}/admin-tokens";
    public const string AdminToken = "tenants/{tenantId}/admin-tokens/{tokenId}";
    public const string Fields = "tenants/{tenantId}/fields";
    public const string Field = "tenants/{tenantId}/fields/{fieldKey}";
    public const string Template = "tenants/{tenantId}/feed/template";
    public const string Mapping = "tenants/{tenantId}/feed/mapping";
    public const string MappingPreview = "tenants/{tenantId}/feed/mapping/preview";
    public const string ConnectionKeys = "tenants/{tenantId}/feed/connection/keys";
    public const string Connection = "tenants/{tenantId}/feed/connection";
    public const string ConnectionKey = "tenants/{tenantId}/feed/connection/keys/{accessKeyId}";
    public const string Poll = "tenants/{tenantId}/feed/poll";
    public const string Imports = "tenants/{tenantId}/feed/imports";
    public const string Import = "tenants/{tenantId}/feed/imports/{importId}";
    public const string ImportErrors = "tenants/{tenantId}/feed/imports/{importId}/errors";
    public const string ImportApprove = "tenants/{tenantId}/feed/imports/{importId}/approve";
    public const string ImportReject = "tenants/{tenantId}/feed/imports/{importId}/reject";
    public const string DryRun = "tenants/{tenantId}/feed/dry-run";
    public const string Settings = "tenants/{tenantId}/feed/settings";
    public const string Health = "tenants/{tenantId}/feed/health";
    public const string Users = "tenants/{tenantId}/users";
    public const string User = "tenants/{tenantId}/users/{email}";
}

/// <summary>HTTP methods as the Functions attributes spell them.</summary>
public static class Verbs
{
    public const string Get = "get";
    public const string Put = "put";
    public const string Post = "post";
    public const string Delete = "delete";
}
