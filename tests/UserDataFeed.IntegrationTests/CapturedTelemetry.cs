using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// OpenTelemetry's in-memory exporters added to a host's providers (next to whatever the host registers itself).
/// The providers listen to the process-wide "UserDataFeed" source and meter, so a test looks at its own tenant's items.
/// </summary>
public sealed class CapturedTelemetry
{
    public LockedCollection<Activity> Spans { get; } = new();

    public LockedCollection<MetricSnapshot> Metrics { get; } = new();

    public LockedCollection<LogRecord> Logs { get; } = new();

    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(Logs));
    }

    /// <summary>Builds the providers where no host does (a bare service provider), so they listen from now on.</summary>
    public static void Start(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>();
        services.GetRequiredService<MeterProvider>();
        services.GetRequiredService<LoggerProvider>();
    }

    public static void Flush(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
        services.GetRequiredService<LoggerProvider>().ForceFlush();
    }

    /// <summary>The sum of a counter (or a histogram's sum) for one tenant, and for one status when given, at the last collection.</summary>
    public double Sum(string metric, string tenantId, string? status = null)
    {
        var last = Metrics.Snapshot().LastOrDefault(m => m.Name == metric)
            ?? throw new Xunit.Sdk.XunitException($"No metric {metric} was exported.");
        return last.MetricPoints
            .Where(p => Tag(p, "tenant") == tenantId && (status is null || Tag(p, "status") == status))
            .Sum(p => last.MetricType switch
            {
                MetricType.LongSum => p.GetSumLong(),
                MetricType.DoubleSum => p.GetSumDouble(),
                MetricType.Histogram => p.GetHistogramSum(),
                _ => throw new Xunit.Sdk.XunitException($"{metric} is a {last.MetricType}."),
            });
    }

    /// <summary>Everything exported, as text: span names, tags and events; log messages and attributes; metric names and tags.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var span in Spans.Snapshot())
        {
            yield return span.DisplayName;
            foreach (var tag in span.TagObjects)
            {
                yield return $"{tag.Key}={tag.Value}";
            }

            foreach (var e in span.Events)
            {
                yield return e.Name + string.Join(";", e.Tags.Select(t => $"{t.Key}={t.Value}"));
            }
        }

        foreach (var log in Logs.Snapshot())
        {
            yield return $"{log.CategoryName} {log.FormattedMessage} {log.Body} {log.Exception}";
            foreach (var attribute in log.Attributes ?? [])
            {
                yield return $"{attribute.Key}={attribute.Value}";
            }
        }

        foreach (var metric in Metrics.Snapshot())
        {
            yield return metric.Name;
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    yield return $"{tag.Key}={tag.Value}";
                }
            }
        }
    }

    public static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    public static string? Attribute(LogRecord log, string key) =>
        log.Attributes?.FirstOrDefault(a => a.Key == key).Value?.ToString();

    /// <summary>A collection the exporters add to from any thread while a test reads it.</summary>
    public sealed class LockedCollection<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public T[] Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
