using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// Counts this process's outgoing HTTP requests and adds up their durations by server port, from the
/// runtime's own <c>http.client.request.duration</c> histogram. Requests overlap, so a sum can exceed the wall time.
/// </summary>
public sealed class HttpTraffic : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<int, PortTotals> byPort = new();

    public HttpTraffic()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>(OnRequest);
        listener.Start();
    }

    public IReadOnlyDictionary<int, (int Requests, double Seconds)> ByPort() =>
        byPort.ToDictionary(p => p.Key, p => (p.Value.Requests, p.Value.Seconds));

    public void Dispose() => listener.Dispose();

    private void OnRequest(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var port = 0;
        foreach (var tag in tags)
        {
            if (tag.Key == "server.port" && tag.Value is int p)
            {
                port = p;
            }
        }

        byPort.GetOrAdd(port, _ => new PortTotals()).Add(seconds);
    }

    private sealed class PortTotals
    {
        private readonly Lock sync = new();

        public int Requests { get; private set; }

        public double Seconds { get; private set; }

        public void Add(double seconds)
        {
            lock (sync)
            {
                Requests++;
                Seconds += seconds;
            }
        }
    }
}
