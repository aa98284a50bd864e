using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Functions;

/// <summary>Tenant admin route: the SCIM provisioning log.</summary>
public sealed class ScimLogFunctions(HttpFunctionRunner api)
{
    [Function(nameof(ScimLogEndpoints.ListScimLog))]
    public Task<IResult> ListScimLog([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ScimLog)] HttpRequest request) =>
        api.RunAsync(request);
}
