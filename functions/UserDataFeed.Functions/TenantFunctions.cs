using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Operator routes: tenants, admin tokens (issue, list, revoke), custom fields.</summary>
public sealed class TenantFunctions(HttpFunctionRunner api)
{
    [Function(nameof(ApiCatalog.PutTenant))]
    public Task<IActionResult> PutTenant([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Tenant)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.PutTenant, request);

    [Function(nameof(ApiCatalog.GetTenant))]
    public Task<IActionResult> GetTenant([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Tenant)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetTenant, request);

    [Function(nameof(ApiCatalog.IssueAdminToken))]
    public Task<IActionResult> IssueAdminToken([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.AdminTokens)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.IssueAdminToken, request);

    [Function(nameof(ApiCatalog.ListAdminTokens))]
    public Task<IActionResult> ListAdminTokens([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.AdminTokens)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.ListAdminTokens, request);

    [Function(nameof(ApiCatalog.RevokeAdminToken))]
    public Task<IActionResult> RevokeAdminToken([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.AdminToken)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.RevokeAdminToken, request);

    [Function(nameof(ApiCatalog.PutField))]
    public Task<IActionResult> PutField([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Field)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.PutField, request);

    [Function(nameof(ApiCatalog.DeleteField))]
    public Task<IActionResult> DeleteField([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.Field)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.DeleteField, request);

    [Function(nameof(ApiCatalog.ListFields))]
    public Task<IActionResult> ListFields([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Fields)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.ListFields, request);
}
