using Amazon.Runtime;
using Amazon.S3;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace UserDataFeed.Adapters;

/// <summary>
/// Clients for the stores, with retries for transient faults (throttling, 5xx, timeouts, dropped
/// connections): exponential backoff with jitter. Re-sending is safe because every write is idempotent.
/// A test can put its own <see cref="HttpMessageHandler"/> under both to inject faults.
/// </summary>
public static class StoreClients
{
    /// <summary>Key of an optional keyed <see cref="HttpMessageHandler"/> service that carries all store traffic.</summary>
    public const string HandlerKey = "stores";

    public const int MaxRetries = 6;

    public static TableServiceClient Tables(string connectionString, HttpMessageHandler? handler = null)
    {
        var options = new TableClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        if (handler is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        }

        return new TableServiceClient(connectionString, options);
    }

    public static QueueClient Queue(string connectionString, string name, HttpMessageHandler? handler = null)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        if (handler is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        }

        return new QueueClient(connectionString, name, options);
    }

    /// <summary>Path-style, and checksums only where required (RGW refuses the SDK's streaming trailers).</summary>
    public static AmazonS3Client S3(string serviceUrl, string region, string accessKey, string secretKey, HttpMessageHandler? handler = null)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = MaxRetries,
        };
        if (handler is not null)
        {
            config.HttpClientFactory = new HandlerClientFactory(handler);
        }

        return new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config);
    }

    private sealed class HandlerClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
