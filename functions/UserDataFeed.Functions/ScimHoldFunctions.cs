using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Tenant admin routes: the SCIM stream's safety hold, its waiting deactivations and their approval or rejection.</summary>
public sealed class ScimHoldFunctions(HttpFunctionRunner api)
{
    [Function(nameof(ScimHoldEndpoints.ListScimHeld))]
    public Task<IResult> ListScimHeld([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimHeld)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimHoldEndpoints.ApproveScimHeld))]
    public Task<IResult> ApproveScimHeld([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ScimHeldApprove)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ScimHoldEndpoints.RejectScimHeld))]
    public Task<IResult> RejectScimHeld([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ScimHeldReject)] HttpRequest request) =>
        api.RunAsync(request);
}
