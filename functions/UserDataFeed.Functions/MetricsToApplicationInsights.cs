using System.Diagnostics.Metrics;
using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Functions;

/// <summary>
/// Forwards the measurements of the service's meter (<see cref="FeedTelemetry"/>) to Application Insights
/// as pre-aggregated metrics with the tenant (and status) as dimensions: the classic Application Insights
/// SDK that the Functions worker uses does not collect System.Diagnostics.Metrics instruments by itself.
/// </summary>
public sealed class MetricsToApplicationInsights(TelemetryClient telemetry) : IHostedService, IDisposable
{
    private readonly MeterListener listener = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FeedTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Track(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Track(instrument, value, tags));
        listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        listener.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => listener.Dispose();

    private void Track(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string tenant = "", status = "";
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "tenant":
                    tenant = tag.Value?.ToString() ?? "";
                    break;
                case "status":
                    status = tag.Value?.ToString() ?? "";
                    break;
            }
        }

        // Application Insights refuses empty dimension values; an instrument without a status has one dimension.
        if (status.Length == 0)
        {
            telemetry.GetMetric(instrument.Name, "tenant").TrackValue(value, tenant.Length == 0 ? "-" : tenant);
        }
        else
        {
            telemetry.GetMetric(instrument.Name, "tenant", "status").TrackValue(value, tenant.Length == 0 ? "-" : tenant, status);
        }
    }
}
