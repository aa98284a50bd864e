using UserDataFeed.Service;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Import;
using UserDataFeed.Service.Telemetry;
using UserDataFeed.Service.Web;

namespace UserDataFeed.SelfHost;

/// <summary>Builds the self-hosted service: every route of <see cref="ApiCatalog"/> under /api, the timer that queues checks, and the consumer of the work queue.</summary>
public static class SelfHostApp
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        services?.Invoke(builder.Services);
        builder.Services.AddProblemDetails();
        builder.Services.AddUserDataFeed(builder.Configuration);
        builder.Services.AddFeedTelemetry(builder.Configuration);
        builder.Services.AddHostedService<PollingService>();
        builder.Services.AddHostedService<WorkQueueService>();

        var app = builder.Build();
        app.UseStatusCodePages();
        foreach (var route in ApiCatalog.All)
        {
            app.MapMethods($"/{Routes.Prefix}/{route.Template}", [route.Method.ToUpperInvariant()], async context =>
            {
                var dispatcher = context.RequestServices.GetRequiredService<ApiDispatcher>();
                var result = await dispatcher.InvokeAsync(route, context);
                await result.ExecuteAsync(context);
            }).WithName(route.Name);
        }

        app.MapAdminPage();
        return app;
    }
}
