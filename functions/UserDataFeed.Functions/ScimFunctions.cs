using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Functions;

/// <summary>SCIM: the tenant's SCIM tokens (admin routes), the SCIM service's discovery routes, its Users, Groups and Bulk.</summary>
public sealed class ScimFunctions(HttpFunctionRunner api)
{
    [Function(nameof(ScimTokenEndpoints.IssueScimToken))]
    public Task<IResult> IssueScimToken([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ScimTokens)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimTokenEndpoints.ListScimTokens))]
    public Task<IResult> ListScimTokens([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimTokens)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimTokenEndpoints.RevokeScimToken))]
    public Task<IResult> RevokeScimToken([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.ScimToken)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimDiscoveryEndpoints.GetScimServiceProviderConfig))]
    public Task<IResult> GetScimServiceProviderConfig([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimServiceProviderConfig)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimDiscoveryEndpoints.ListScimResourceTypes))]
    public Task<IResult> ListScimResourceTypes([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimResourceTypes)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimDiscoveryEndpoints.GetScimResourceType))]
    public Task<IResult> GetScimResourceType([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimResourceType)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimDiscoveryEndpoints.ListScimSchemas))]
    public Task<IResult> ListScimSchemas([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimSchemas)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimDiscoveryEndpoints.GetScimSchema))]
    public Task<IResult> GetScimSchema([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimSchema)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimUserEndpoints.ListScimUsers))]
    public Task<IResult> ListScimUsers([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimUsers)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimUserEndpoints.CreateScimUser))]
    public Task<IResult> CreateScimUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ScimUsers)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimUserEndpoints.GetScimUser))]
    public Task<IResult> GetScimUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimUser)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimUserEndpoints.ReplaceScimUser))]
    public Task<IResult> ReplaceScimUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.ScimUser)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimUserEndpoints.PatchScimUser))]
    public Task<IResult> PatchScimUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Patch, Route = Routes.ScimUser)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimUserEndpoints.DeleteScimUser))]
    public Task<IResult> DeleteScimUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.ScimUser)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimGroupEndpoints.ListScimGroups))]
    public Task<IResult> ListScimGroups([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimGroups)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimGroupEndpoints.CreateScimGroup))]
    public Task<IResult> CreateScimGroup([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ScimGroups)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimGroupEndpoints.GetScimGroup))]
    public Task<IResult> GetScimGroup([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimGroup)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimGroupEndpoints.ReplaceScimGroup))]
    public Task<IResult> ReplaceScimGroup([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.ScimGroup)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimGroupEndpoints.PatchScimGroup))]
    public Task<IResult> PatchScimGroup([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Patch, Route = Routes.ScimGroup)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimGroupEndpoints.DeleteScimGroup))]
    public Task<IResult> DeleteScimGroup([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.ScimGroup)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimMappingEndpoints.GetScimMapping))]
    public Task<IResult> GetScimMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimMapping)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimMappingEndpoints.PutScimMapping))]
    public Task<IResult> PutScimMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.ScimMapping)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimBulkEndpoints.PostScimBulk))]
    public Task<IResult> PostScimBulk([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ScimBulk)] HttpRequest request) =>
        api.RunAsync(request);
}
