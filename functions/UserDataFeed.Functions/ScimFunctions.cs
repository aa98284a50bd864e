using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Functions;

/// <summary>SCIM: the tenant's SCIM tokens (admin routes) and the SCIM service's discovery routes.</summary>
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
}
