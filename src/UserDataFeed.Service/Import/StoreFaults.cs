using Amazon.Runtime;
using Azure;
using UserDataFeed.Adapters;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Which exceptions of an import run are the stores' faults, after the store clients' own retries: the run is
/// tried again later. Anything else is a bug, and trying the same file again would meet it again.
/// Cancellations (timeouts included) never get here: <see cref="ImportRunner.RunAsync"/> leaves them to the
/// worker, which takes the message again and resumes the run.
/// </summary>
public static class StoreFaults
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsTransient),
        RequestFailedException failed => !StoreRefusals.IsRefusal(failed.Status), // Azure Tables and Queues, failed transactions included; a refusal is no fault
        AmazonServiceException or AmazonClientException => true, // S3
        HttpRequestException or IOException or TimeoutException => true, // the network, the local copy of the file
        _ => false,
    };
}
