using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// Every outgoing HTTP request of this process while it is alive, from the runtime's own <c>System.Net.Http</c>
/// activities: when it started and ended (seconds since the log began), its method, port and path, and its status.
/// Written as TSV when <c>UDF_BENCH_REQUEST_LOG</c> names a folder, to see where an import's requests and the gaps
/// between its writes go.
/// </summary>
public sealed class RequestLog : IDisposable
{
    private readonly ActivityListener listener;
    private readonly ConcurrentQueue<LoggedRequest> requests = new();
    private readonly DateTime startedUtc = DateTime.UtcNow;
    private readonly TimeSpan startedCpu = Process.GetCurrentProcess().TotalProcessorTime;

    public RequestLog()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The folder the logs go to; null when none is asked for.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable("UDF_BENCH_REQUEST_LOG") is { Length: > 0 } folder ? folder : null;

    public IReadOnlyList<LoggedRequest> Requests => [.. requests.OrderBy(r => r.Start)];

    /// <summary>This process's CPU seconds since the log began.</summary>
    public double CpuSeconds => (Process.GetCurrentProcess().TotalProcessorTime - startedCpu).TotalSeconds;

    public async Task WriteAsync(string path, double wallSeconds, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# wall {wallSeconds:F3} s, this process's CPU {CpuSeconds:F3} s\n");
        text.Append("start\tend\tmethod\tport\tpath\tstatus\n");
        foreach (var r in Requests)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Start:F4}\t{r.End:F4}\t{r.Method}\t{r.Port}\t{r.Path}\t{r.Status}\n");
        }

        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken);
    }

    public void Dispose() => listener.Dispose();

    private void Record(Activity activity)
    {
        var url = activity.GetTagItem("url.full") as string;
        var uri = url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : null;
        var start = (activity.StartTimeUtc - startedUtc).TotalSeconds;
        requests.Enqueue(new LoggedRequest(
            start,
            start + activity.Duration.TotalSeconds,
            activity.GetTagItem("http.request.method") as string ?? "",
            uri?.Port ?? 0,
            uri is null ? "" : uri.AbsolutePath + Comp(uri.Query),
            activity.GetTagItem("http.response.status_code")?.ToString() ?? ""));
    }

    /// <summary>The part of a query that says what a request is (S3's and the queue's <c>comp</c>-like words), never a signature.</summary>
    private static string Comp(string query)
    {
        var kept = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.StartsWith("comp=", StringComparison.Ordinal) || p.StartsWith("$filter", StringComparison.Ordinal) || p is "uploads" or "list-type=2")
            .Select(p => p.StartsWith("$filter", StringComparison.Ordinal) ? "$filter" : p);
        var joined = string.Join('&', kept);
        return joined.Length > 0 ? "?" + joined : "";
    }
}

/// <summary>One request of a <see cref="RequestLog"/>; times in seconds since the log began.</summary>
public sealed record LoggedRequest(double Start, double End, string Method, int Port, string Path, string Status);
