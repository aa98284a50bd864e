using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Import;

namespace UserDataFeed.Functions;

/// <summary>
/// The poll timer (it only queues checks), the work queue's trigger, polling on demand, import records, holds,
/// dry runs, feed settings and health, and users.
/// </summary>
public sealed class FeedFunctions(HttpFunctionRunner api, FeedPoller poller, FeedWorker worker)
{
    /// <summary>
    /// NCRONTAB schedule of the poll timer (six fields, seconds first): a literal, so the timer indexes with no app setting.
    /// Change it here and redeploy; turn the timer off in one environment with the app setting <c>AzureWebJobs.PollFeeds.Disabled=true</c>.
    /// </summary>
    public const string PollSchedule = "0 */5 * * * *";

    [Function("PollFeeds")]
    public Task PollFeeds([TimerTrigger(PollSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        poller.QueueChecksAsync(cancellationToken);

    /// <summary>
    /// One work message (<see cref="FeedWorker"/>). The trigger reads the queue through AzureWebJobsStorage (the
    /// same account as Queues:ServiceUri) and its name from the app setting Queues:Name (Bicep sets it); host.json's
    /// queue settings say how many run at once and when a failed one is taken again. A fault is thrown, so the
    /// message is taken again; a message that is not the service's is dropped.
    /// </summary>
    [Function("FeedWork")]
    public async Task FeedWork([QueueTrigger("%Queues:Name%")] QueueMessage message, CancellationToken cancellationToken)
    {
        if (WorkQueue.Parse(message.Body.ToString()) is { } work)
        {
            await worker.HandleAsync(work, message.DequeueCount, cancellationToken);
        }
    }

    [Function(nameof(ApiCatalog.Poll))]
    public Task<IActionResult> Poll([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.Poll)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.Poll, request);

    [Function(nameof(ApiCatalog.ListImports))]
    public Task<IActionResult> ListImports([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Imports)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.ListImports, request);

    [Function(nameof(ApiCatalog.GetImport))]
    public Task<IActionResult> GetImport([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Import)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetImport, request);

    [Function(nameof(ApiCatalog.GetImportErrors))]
    public Task<IActionResult> GetImportErrors([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ImportErrors)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetImportErrors, request);

    [Function(nameof(ApiCatalog.ApproveImport))]
    public Task<IActionResult> ApproveImport([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ImportApprove)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.ApproveImport, request);

    [Function(nameof(ApiCatalog.RejectImport))]
    public Task<IActionResult> RejectImport([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ImportReject)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.RejectImport, request);

    [Function(nameof(ApiCatalog.DryRun))]
    public Task<IActionResult> DryRun([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.DryRun)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.DryRun, request);

    [Function(nameof(ApiCatalog.GetSettings))]
    public Task<IActionResult> GetSettings([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Settings)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetSettings, request);

    [Function(nameof(ApiCatalog.PutSettings))]
    public Task<IActionResult> PutSettings([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Settings)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.PutSettings, request);

    [Function(nameof(ApiCatalog.GetHealth))]
    public Task<IActionResult> GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Health)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetHealth, request);

    [Function(nameof(ApiCatalog.ListUsers))]
    public Task<IActionResult> ListUsers([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Users)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.ListUsers, request);

    [Function(nameof(ApiCatalog.GetUser))]
    public Task<IActionResult> GetUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.User)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.GetUser, request);

    [Function(nameof(ApiCatalog.PutUser))]
    public Task<IActionResult> PutUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.User)] HttpRequest request) =>
        api.RunAsync(ApiCatalog.PutUser, request);
}
