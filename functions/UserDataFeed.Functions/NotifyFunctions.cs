using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Issue 16's routes: the audit of the feed, its pause, webhooks and their deliveries; and the webhook sender's timer.</summary>
public sealed class NotifyFunctions(HttpFunctionRunner api)
{
    [Function(nameof(AuditEndpoints.ListAudit))]
    public Task<IResult> ListAudit([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Audit)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(QuarantineEndpoints.ResumeFeed))]
    public Task<IResult> ResumeFeed([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.Resume)] HttpRequest request) =>
        api.RunAsync(request);
}
