using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Operator routes: tenants, admin tokens (issue, list, revoke), custom fields.</summary>
public sealed class TenantFunctions(HttpFunctionRunner api)
{
    [Function(nameof(TenantEndpoints.PutTenant))]
    public Task<IResult> PutTenant([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Tenant)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.GetTenant))]
    public Task<IResult> GetTenant([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Tenant)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.IssueAdminToken))]
    public Task<IResult> IssueAdminToken([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.AdminTokens)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.ListAdminTokens))]
    public Task<IResult> ListAdminTokens([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.AdminTokens)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.RevokeAdminToken))]
    public Task<IResult> RevokeAdminToken([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.AdminToken)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.PutField))]
    public Task<IResult> PutField([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Field)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.DeleteField))]
    public Task<IResult> DeleteField([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.Field)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(TenantEndpoints.ListFields))]
    public Task<IResult> ListFields([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Fields)] HttpRequest request) =>
        api.RunAsync(request);
}
