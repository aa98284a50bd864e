using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
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

    [Function(nameof(FeedEndpoints.Poll))]
    public Task<IResult> Poll([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.Poll)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.ListImports))]
    public Task<IResult> ListImports([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Imports)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.GetImport))]
    public Task<IResult> GetImport([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Import)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.GetImportErrors))]
    public Task<IResult> GetImportErrors([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ImportErrors)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.ListImportDeactivations))]
    public Task<IResult> ListImportDeactivations([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.ImportDeactivations)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.ApproveImport))]
    public Task<IResult> ApproveImport([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ImportApprove)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.RejectImport))]
    public Task<IResult> RejectImport([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.ImportReject)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.DryRun))]
    public Task<IResult> DryRun([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Post, Route = Routes.DryRun)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.GetSettings))]
    public Task<IResult> GetSettings([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Settings)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(FeedEndpoints.PutSettings))]
    public Task<IResult> PutSettings([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.Settings)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(HealthEndpoints.GetHealth))]
    public Task<IResult> GetHealth([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Health)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(UserEndpoints.ListUsers))]
    public Task<IResult> ListUsers([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.Users)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(HistoryEndpoints.ListHistory))]
    public Task<IResult> ListHistory([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.UserHistory)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(UserEndpoints.GetUser))]
    public Task<IResult> GetUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.User)] HttpRequest request) =>
        api.RunAsync(request);

    [Function(nameof(UserEndpoints.PutUser))]
    public Task<IResult> PutUser([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Put, Route = Routes.User)] HttpRequest request) =>
        api.RunAsync(request);
}
