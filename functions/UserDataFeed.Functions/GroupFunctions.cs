using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Tenant admin routes: the groups and their members.</summary>
public sealed class GroupFunctions(HttpFunctionRunner api)
{
    [Function(nameof(GroupEndpoints.ListGroups))]
    public Task<IResult> ListGroups([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Groups)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(GroupEndpoints.GetGroup))]
    public Task<IResult> GetGroup([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Group)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(GroupEndpoints.ListGroupMembers))]
    public Task<IResult> ListGroupMembers([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.GroupMembers)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(GroupEndpoints.PutGroupMember))]
    public Task<IResult> PutGroupMember([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.GroupMember)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(GroupEndpoints.DeleteGroupMember))]
    public Task<IResult> DeleteGroupMember([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.GroupMember)] HttpRequest request) =>
        api.RunAsync(request);
}
