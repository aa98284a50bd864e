using Amazon.Runtime;
using Amazon.S3;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.Tables;

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

    /// <summary>
    /// The credential of every client that is given a service URI: <see cref="DefaultAzureCredential"/> (in Azure the
    /// managed identity that <c>AZURE_CLIENT_ID</c> names; locally a developer's Azure CLI login). One instance, so its tokens are shared.
    /// </summary>
    public static TokenCredential Credential => credential.Value;

    private static readonly Lazy<TokenCredential> credential = new(() => new DefaultAzureCredential());

    /// <summary>The table client of the <c>Tables</c> settings: <see cref="TableStorageOptions.ServiceUri"/> with the credential, else the connection string.</summary>
    public static TableServiceClient Tables(TableStorageOptions options, HttpMessageHandler? handler = null)
    {
        var clientOptions = WithRetries(new TableClientOptions(), handler);
        return Connect(
            options.ServiceUri,
            options.ConnectionString,
            (uri, token) => new TableServiceClient(uri, token, clientOptions),
            connectionString => new TableServiceClient(connectionString, clientOptions));
    }

    public static TableServiceClient Tables(string connectionString, HttpMessageHandler? handler = null) =>
        Tables(new TableStorageOptions { ConnectionString = connectionString }, handler);

    /// <summary>
    /// Makes an Azure Storage client the way every settings section asks for one: with <see cref="Credential"/> when a
    /// service URI is set, with the connection string otherwise (start-up validation ensures one of them is set).
    /// </summary>
    public static T Connect<T>(string? serviceUri, string? connectionString, Func<Uri, TokenCredential, T> withCredential, Func<string, T> withConnectionString) =>
        !string.IsNullOrEmpty(serviceUri)
            ? withCredential(new Uri(serviceUri, UriKind.Absolute), Credential)
            : withConnectionString(connectionString ?? "");

    /// <summary>The retry policy (and the test's handler, if any) every Azure SDK store client gets.</summary>
    public static TOptions WithRetries<TOptions>(TOptions options, HttpMessageHandler? handler = null)
        where TOptions : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        if (handler is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        }

        return options;
    }

    /// <summary>The work queue's client of the <c>Queues</c> settings: <see cref="QueueOptions.ServiceUri"/> with the credential, else the connection string.</summary>
    public static QueueClient Queue(QueueOptions options, HttpMessageHandler? handler = null)
    {
        var clientOptions = WithRetries(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, handler);
        return Connect(
            options.ServiceUri,
            options.ConnectionString,
            (uri, token) => new QueueClient(new Uri(uri, options.Name), token, clientOptions),
            connectionString => new QueueClient(connectionString, options.Name, clientOptions));
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
