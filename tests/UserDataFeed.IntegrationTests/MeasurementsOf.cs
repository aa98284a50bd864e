using System.Diagnostics.Metrics;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The sum of one of the service's counters for one tenant, measured from now on in this whole process: every host
/// in it (several instances of one deployment included), whatever its telemetry exporters.
/// </summary>
public sealed class MeasurementsOf : IDisposable
{
    private readonly MeterListener listener = new();
    private long total;

    public MeasurementsOf(string instrument, string tenantId)
    {
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == FeedTelemetry.Name && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant" && (string?)tag.Value == tenantId)
                {
                    Interlocked.Add(ref total, value);
                }
            }
        });
        listener.Start();
    }

    public long Total => Interlocked.Read(ref total);

    public void Dispose() => listener.Dispose();
}
