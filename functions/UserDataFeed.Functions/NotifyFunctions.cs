using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.Functions;

/// <summary>Issue 16's routes: the audit of the feed, its pause, webhooks and their deliveries; and the webhook sender's timer.</summary>
public sealed class NotifyFunctions(HttpFunctionRunner api, WebhookSender sender)
{
    /// <summary>NCRONTAB schedule of the webhook sender (six fields, seconds first): every 15 seconds, a literal like the poll timer's.</summary>
    public const string DeliverSchedule = "*/15 * * * * *";

    /// <summary>Delivers the outbox's due deliveries (<see cref="WebhookSender"/>); the self-host runs the same on its own timer.</summary>
    [Function("DeliverWebhooks")]
    public Task DeliverWebhooks([TimerTrigger(DeliverSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sender.SendDueAsync(cancellationToken);

    [Function(nameof(AuditEndpoints.ListAudit))]
    public Task<IResult> ListAudit([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Audit)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(QuarantineEndpoints.ResumeFeed))]
    public Task<IResult> ResumeFeed([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.Resume)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(WebhookEndpoints.PutWebhook))]
    public Task<IResult> PutWebhook([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Webhook)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(WebhookEndpoints.GetWebhook))]
    public Task<IResult> GetWebhook([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Webhook)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(WebhookEndpoints.DeleteWebhook))]
    public Task<IResult> DeleteWebhook([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Delete, Route = Routes.Webhook)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(WebhookEndpoints.ListWebhooks))]
    public Task<IResult> ListWebhooks([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Webhooks)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(WebhookEndpoints.ListWebhookDeliveries))]
    public Task<IResult> ListWebhookDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.WebhookDeliveries)] HttpRequest request) =>
        api.RunAsync(request);
}
