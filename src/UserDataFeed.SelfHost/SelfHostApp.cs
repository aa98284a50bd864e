using UserDataFeed.Service;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Import;
using UserDataFeed.Service.Telemetry;
using UserDataFeed.Service.Web;

namespace UserDataFeed.SelfHost;

/// <summary>Builds the self-hosted service: the routes of <see cref="ApiCatalog"/>, their OpenAPI document and its interactive docs, the timer that queues checks, and the consumer of the work queue.</summary>
public static class SelfHostApp
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        services?.Invoke(builder.Services);
        builder.Services.AddUserDataFeed(builder.Configuration);
        builder.Services.AddFeedTelemetry(builder.Configuration);
        builder.Services.AddHostedService<PollingService>();
        builder.Services.AddHostedService<WorkQueueService>();
        builder.Services.AddHostedService<UserDataFeed.Service.Webhooks.WebhookDeliveryService>();
        builder.Services.AddUserDataFeedOpenApi();

        var app = builder.Build();
        app.UseExceptionHandler(); // ApiExceptionHandler: bad bodies and store outages as problems
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseRouteChecks(); // RouteChecks: limits, token, tenant id, tenant, before an endpoint binds its parameters
        app.MapUserDataFeedApi();
        app.MapOpenApi("/" + Routes.OpenApi).WithName(ApiDocument.EndpointName);
        app.MapApiDocs();
        app.MapAdminPage();
        return app;
    }
}
