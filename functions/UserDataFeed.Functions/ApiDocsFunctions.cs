using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>GET /api/docs and its files, anonymous: the interactive docs as the self-host maps them (<see cref="ApiDocsEndpoints"/>).</summary>
public sealed class ApiDocsFunctions(HttpFunctionRunner runner)
{
    public const string Route = Routes.Docs + "/{*path}";

    [Function(nameof(ApiDocs))]
    public Task<IResult> ApiDocs([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Route)] HttpRequest request) =>
        runner.RunDocsAsync(request);
}
