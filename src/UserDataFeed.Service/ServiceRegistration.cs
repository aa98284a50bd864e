using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.Rgw;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Auth;
using UserDataFeed.Service.Import;
using UserDataFeed.Service.Scim;
using UserDataFeed.Service.Telemetry;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.Service;

public static class ServiceRegistration
{
    /// <summary>Everything both hosts share: options (validated at start-up), stores, handlers, the work queue's sender and worker.</summary>
    public static IServiceCollection AddUserDataFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStorageOptions>().Bind(configuration.GetSection(TableStorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.Section)).ValidateDataAnnotations()
            .Validate(o => o.Provider != "rgw" || (o.Rgw.AdminAccessKey.Length > 0 && o.Rgw.AdminSecretKey.Length > 0),
                "S3:Rgw:AdminAccessKey and S3:Rgw:AdminSecretKey are required with the 'rgw' provider: the keys of an RGW user with users=* caps.")
            .ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueueOptions>().Bind(configuration.GetSection(QueueOptions.Section))
            .PostConfigure<IOptions<TableStorageOptions>>((queues, tables) =>
            {
                // One storage account holds the tables and the work queue unless told otherwise.
                if (queues.ConnectionString.Length == 0 && queues.ServiceUri.Length == 0)
                {
                    queues.ConnectionString = tables.Value.ConnectionString;
                }

                queues.Name = queues.Name.Length > 0 ? queues.Name : QueueOptions.DefaultName(tables.Value.Prefix);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<FeedOptions>().Bind(configuration.GetSection(FeedOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System); // a test may register its own clock
        services.AddMetrics();
        services.AddSingleton<FeedTelemetry>();

        services.AddSingleton(sp => StoreClients.Tables(
            sp.GetRequiredService<IOptions<TableStorageOptions>>().Value,
            sp.GetKeyedService<HttpMessageHandler>(StoreClients.HandlerKey)));
        services.AddSingleton<IAmazonS3>(sp =>
        {
            var s3 = sp.GetRequiredService<IOptions<S3Options>>().Value;
            return StoreClients.S3(s3.ServiceUrl, s3.Region, s3.AccessKey, s3.SecretKey, sp.GetKeyedService<HttpMessageHandler>(StoreClients.HandlerKey));
        });
        services.AddSingleton(sp =>
        {
            var queues = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
            return new WorkQueue(StoreClients.Queue(queues, sp.GetKeyedService<HttpMessageHandler>(StoreClients.HandlerKey)));
        });
        services.AddSingleton<TableSet>();
        services.AddHostedService<TableCreation>(); // the tables exist before either host takes a request or a message
        services.AddSingleton<TenantStore>();
        services.AddSingleton<MappingStore>();
        services.AddSingleton<AdminTokenStore>();
        services.AddSingleton<ScimTokenStore>();
        services.AddSingleton<ScimUserStore>();
        services.AddSingleton<Scim.ScimUsers>();
        services.AddSingleton<Scim.ScimGroups>();
        services.AddSingleton<Scim.ScimBulk>();
        services.AddSingleton<KeySlotStore>();
        services.AddSingleton<TenantMarks>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ImportStore>();
        services.AddSingleton<LeaseStore>();
        services.AddSingleton<PendingChecks>();
        services.AddSingleton<DigestStore>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<FeedStateStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<ScimHoldStore>();
        services.AddSingleton<ScimLogStore>();
        services.AddSingleton<FeedBuckets>();
        services.AddHttpClient<IS3KeyIssuer, RgwKeyIssuer>();

        services.AddSingleton<Authenticator>();
        services.AddUserDataFeedApi();

        services.TryAddSingleton(sp => new PausedPlans(sp.GetRequiredService<TimeProvider>())); // a test may register its own
        services.AddSingleton<ImportPlanning>();
        services.AddSingleton<Continuation>();
        services.AddSingleton<ImportRunner>();
        services.AddSingleton<HeldDeactivations>();
        services.AddSingleton<TenantLeases>();
        services.AddSingleton<FeedPoller>();
        services.AddSingleton<FeedWorker>();
        services.AddSingleton<FeedHealth>();
        services.AddSingleton<DateChanges>();
        services.AddSingleton<HistoryRetention>();
        services.AddSingleton<FeedQuarantine>();
        services.AddSingleton<ScimDeactivationHold>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookSender>();
        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>(); // a test may answer names itself
        services.AddSingleton<WebhookConnector>();
        // No redirects (a receiver could point the signed body elsewhere), no proxy (it would connect in our stead, past the
        // connector's address check), and no request logging (URLs are the tenant's).
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookConnector>().ConnectAsync,
            })
            .RemoveAllLoggers();
        return services;
    }
}
