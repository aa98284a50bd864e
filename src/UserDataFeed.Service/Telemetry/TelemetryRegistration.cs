using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using UserDataFeed.Adapters;

namespace UserDataFeed.Service.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: the <see cref="FeedTelemetry"/> activity source and meter, and the service's logs
/// (Information and above, their placeholders as attributes). Exported to Azure Monitor when
/// <see cref="AzureMonitorSetting"/> is set, over OTLP when <see cref="OtlpSetting"/> is set, and nowhere otherwise.
/// </summary>
public static class TelemetryRegistration
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>"Authorization=AAD" here (as the Functions host reads it) makes the exporter authenticate with the app's identity.</summary>
    public const string AzureMonitorAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Registers the providers and the configured exporters; the Functions app adds its worker defaults to the builder returned.</summary>
    public static IOpenTelemetryBuilder AddFeedTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // The service's own categories reach the exporter from Information on, whatever a host's default filter says.
        services.AddLogging(logging => logging.AddFilter<OpenTelemetryLoggerProvider>(FeedTelemetry.Name, LogLevel.Information));
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(FeedTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(FeedTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(FeedTelemetry.Name))
            .WithLogging(logging => { }, options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });

        if (!string.IsNullOrWhiteSpace(configuration[AzureMonitorSetting]))
        {
            var entraId = configuration[AzureMonitorAuthenticationSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
            builder.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = configuration[AzureMonitorSetting];
                if (entraId)
                {
                    options.Credential = StoreClients.Credential;
                }

                // Imports are few: keep every trace, and the logs of every trace (the alerts read them).
                options.SamplingRatio = 1.0F;
                options.TracesPerSecond = null;
                options.EnableTraceBasedLogsSampler = false;
            });
        }

        if (!string.IsNullOrWhiteSpace(configuration[OtlpSetting]))
        {
            builder.UseOtlpExporter();
        }

        return builder;
    }
}
