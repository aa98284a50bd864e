using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The HTTP API, route by route: name, method, template, who may call it, and its handler. The self-host
/// maps this list; each Azure Function binds one entry by name with the same <see cref="Routes"/> constant.
/// </summary>
public static class ApiCatalog
{
    public static readonly ApiRoute PutTenant = Route<TenantEndpoints>(nameof(PutTenant), Verbs.Put, Routes.Tenant, Access.Operator, e => e.PutTenant, RequestBody.Json);
    public static readonly ApiRoute GetTenant = Route<TenantEndpoints>(nameof(GetTenant), Verbs.Get, Routes.Tenant, Access.Operator, e => e.GetTenant);
    public static readonly ApiRoute IssueAdminToken = Route<TenantEndpoints>(nameof(IssueAdminToken), Verbs.Post, Routes.AdminTokens, Access.Operator, e => e.IssueAdminToken, RequestBody.OptionalJson);
    public static readonly ApiRoute ListAdminTokens = Route<TenantEndpoints>(nameof(ListAdminTokens), Verbs.Get, Routes.AdminTokens, Access.Operator, e => e.ListAdminTokens);
    public static readonly ApiRoute RevokeAdminToken = Route<TenantEndpoints>(nameof(RevokeAdminToken), Verbs.Delete, Routes.AdminToken, Access.Operator, e => e.RevokeAdminToken);
    public static readonly ApiRoute PutField = Route<TenantEndpoints>(nameof(PutField), Verbs.Put, Routes.Field, Access.Operator, e => e.PutField, RequestBody.Json);
    public static readonly ApiRoute DeleteField = Route<TenantEndpoints>(nameof(DeleteField), Verbs.Delete, Routes.Field, Access.Operator, e => e.DeleteField);
    public static readonly ApiRoute ListFields = Route<TenantEndpoints>(nameof(ListFields), Verbs.Get, Routes.Fields, Access.TenantAdmin, e => e.ListFields);

    public static readonly ApiRoute GetTemplate = Route<MappingEndpoints>(nameof(GetTemplate), Verbs.Get, Routes.Template, Access.TenantAdmin, e => e.GetTemplate);
    public static readonly ApiRoute PreviewMapping = Route<MappingEndpoints>(nameof(PreviewMapping), Verbs.Post, Routes.MappingPreview, Access.TenantAdmin, e => e.PreviewMapping, RequestBody.Csv);
    public static readonly ApiRoute PutMapping = Route<MappingEndpoints>(nameof(PutMapping), Verbs.Put, Routes.Mapping, Access.TenantAdmin, e => e.PutMapping, RequestBody.Json);
    public static readonly ApiRoute GetMapping = Route<MappingEndpoints>(nameof(GetMapping), Verbs.Get, Routes.Mapping, Access.TenantAdmin, e => e.GetMapping);
    public static readonly ApiRoute DeleteMapping = Route<MappingEndpoints>(nameof(DeleteMapping), Verbs.Delete, Routes.Mapping, Access.TenantAdmin, e => e.DeleteMapping);

    public static readonly ApiRoute IssueConnectionKey = Route<ConnectionEndpoints>(nameof(IssueConnectionKey), Verbs.Post, Routes.ConnectionKeys, Access.TenantAdmin, e => e.IssueKey);
    public static readonly ApiRoute GetConnection = Route<ConnectionEndpoints>(nameof(GetConnection), Verbs.Get, Routes.Connection, Access.TenantAdmin, e => e.GetConnection);
    public static readonly ApiRoute RevokeConnectionKey = Route<ConnectionEndpoints>(nameof(RevokeConnectionKey), Verbs.Delete, Routes.ConnectionKey, Access.TenantAdmin, e => e.RevokeKey);

    public static readonly ApiRoute Poll = Route<FeedEndpoints>(nameof(Poll), Verbs.Post, Routes.Poll, Access.TenantAdmin, e => e.Poll);
    public static readonly ApiRoute ListImports = Route<FeedEndpoints>(nameof(ListImports), Verbs.Get, Routes.Imports, Access.TenantAdmin, e => e.ListImports);
    public static readonly ApiRoute GetImport = Route<FeedEndpoints>(nameof(GetImport), Verbs.Get, Routes.Import, Access.TenantAdmin, e => e.GetImport);
    public static readonly ApiRoute GetImportErrors = Route<FeedEndpoints>(nameof(GetImportErrors), Verbs.Get, Routes.ImportErrors, Access.TenantAdmin, e => e.GetImportErrors);

    public static readonly ApiRoute ApproveImport = Route<FeedEndpoints>(nameof(ApproveImport), Verbs.Post, Routes.ImportApprove, Access.TenantAdmin, e => e.ApproveImport);
    public static readonly ApiRoute RejectImport = Route<FeedEndpoints>(nameof(RejectImport), Verbs.Post, Routes.ImportReject, Access.TenantAdmin, e => e.RejectImport);
    public static readonly ApiRoute DryRun = Route<FeedEndpoints>(nameof(DryRun), Verbs.Post, Routes.DryRun, Access.TenantAdmin, e => e.DryRun, RequestBody.Csv);
    public static readonly ApiRoute GetSettings = Route<FeedEndpoints>(nameof(GetSettings), Verbs.Get, Routes.Settings, Access.TenantAdmin, e => e.GetSettings);
    public static readonly ApiRoute PutSettings = Route<FeedEndpoints>(nameof(PutSettings), Verbs.Put, Routes.Settings, Access.TenantAdmin, e => e.PutSettings, RequestBody.Json);

    public static readonly ApiRoute GetHealth = Route<HealthEndpoints>(nameof(GetHealth), Verbs.Get, Routes.Health, Access.TenantAdmin, e => e.GetHealth);

    public static readonly ApiRoute ListUsers = Route<UserEndpoints>(nameof(ListUsers), Verbs.Get, Routes.Users, Access.TenantAdmin, e => e.ListUsers);
    public static readonly ApiRoute GetUser = Route<UserEndpoints>(nameof(GetUser), Verbs.Get, Routes.User, Access.TenantAdmin, e => e.GetUser);
    public static readonly ApiRoute PutUser = Route<UserEndpoints>(nameof(PutUser), Verbs.Put, Routes.User, Access.TenantAdmin, e => e.PutUser, RequestBody.Json);

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        PutTenant, GetTenant, IssueAdminToken, ListAdminTokens, RevokeAdminToken, PutField, DeleteField, ListFields,
        GetTemplate, PreviewMapping, PutMapping, GetMapping, DeleteMapping,
        IssueConnectionKey, GetConnection, RevokeConnectionKey,
        Poll, ListImports, GetImport, GetImportErrors, ApproveImport, RejectImport, DryRun, GetSettings, PutSettings, GetHealth,
        ListUsers, GetUser, PutUser,
    ];

    private static ApiRoute Route<T>(string name, string method, string template, Access access, Func<T, ApiHandler> handler, RequestBody body = RequestBody.None)
        where T : notnull =>
        new(name, method, template, access, call => handler(call.Http.RequestServices.GetRequiredService<T>())(call), body);
}
