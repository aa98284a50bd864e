using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Template, mapping rules and S3 connection keys.</summary>
public sealed class MappingFunctions(HttpFunctionRunner api)
{
    [Function(nameof(ApiCatalog.GetTemplate))]
    public Task<IActionResult> GetTemplate([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Template)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetTemplate, request);

    [Function(nameof(ApiCatalog.PreviewMapping))]
    public Task<IActionResult> PreviewMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.MappingPreview)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.PreviewMapping, request);

    [Function(nameof(ApiCatalog.PutMapping))]
    public Task<IActionResult> PutMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Mapping)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.PutMapping, request);

    [Function(nameof(ApiCatalog.GetMapping))]
    public Task<IActionResult> GetMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Mapping)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetMapping, request);

    [Function(nameof(ApiCatalog.DeleteMapping))]
    public Task<IActionResult> DeleteMapping([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.Mapping)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.DeleteMapping, request);

    [Function(nameof(ApiCatalog.IssueConnectionKey))]
    public Task<IActionResult> IssueConnectionKey([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ConnectionKeys)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.IssueConnectionKey, request);

    [Function(nameof(ApiCatalog.GetConnection))]
    public Task<IActionResult> GetConnection([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Connection)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetConnection, request);

    [Function(nameof(ApiCatalog.RevokeConnectionKey))]
    public Task<IActionResult> RevokeConnectionKey([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.ConnectionKey)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.RevokeConnectionKey, request);
}
