using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Template, mapping rules and S3 connection keys.</summary>
public sealed class MappingFunctions(HttpFunctionRunner api)
{
    [Function(nameof(MappingEndpoints.GetTemplate))]
    public Task<IResult> GetTemplate([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Template)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(MappingEndpoints.PreviewMapping))]
    public Task<IResult> PreviewMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.MappingPreview)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(MappingEndpoints.PutMapping))]
    public Task<IResult> PutMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Mapping)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(MappingEndpoints.GetMapping))]
    public Task<IResult> GetMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Mapping)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(MappingEndpoints.DeleteMapping))]
    public Task<IResult> DeleteMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.Mapping)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ConnectionEndpoints.IssueConnectionKey))]
    public Task<IResult> IssueConnectionKey([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ConnectionKeys)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ConnectionEndpoints.GetConnection))]
    public Task<IResult> GetConnection([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Connection)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(ConnectionEndpoints.RevokeConnectionKey))]
    public Task<IResult> RevokeConnectionKey([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.ConnectionKey)] HttpRequest request) =>
        api.RunAsync(request);
}
