using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// Where a scenario's peak falls (<c>UDF_BENCH_MEMTRACE=dir</c>): every 100 ms the process's RSS and the GC's view of its
/// heap (size, committed, fragmentation, each generation after the last collection) go into <c>dir/&lt;scenario&gt;-&lt;rows&gt;.csv</c>,
/// with the import's spans (<c>plan</c>, <c>write</c>, <c>report</c>) as markers when they start and end.
/// </summary>
public sealed class MemoryTrace : IDisposable
{
    private const double Megabyte = 1024 * 1024;

    private readonly StreamWriter output;
    private readonly ActivityListener listener;
    private readonly Timer timer;
    private readonly ConcurrentQueue<string> markers = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public MemoryTrace(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        output = new StreamWriter(Path.Combine(directory, name + ".csv")) { AutoFlush = true };
        output.WriteLine("s,rss_mb,gc_heap_mb,gc_committed_mb,gc_allocated_mb,gc_fragmented_mb,gen0_mb,gen1_mb,gen2_mb,loh_mb,poh_mb,gcs,gen2_gcs,markers");
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FeedTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = a => markers.Enqueue(a.DisplayName + "-start"),
            ActivityStopped = a => markers.Enqueue(a.DisplayName + "-end"),
        };
        ActivitySource.AddActivityListener(listener);
        timer = new Timer(_ => Sample(), null, 0, 100);
    }

    public void Dispose()
    {
        timer.Dispose();
        listener.Dispose();
        Sample();
        output.Dispose();
    }

    private void Sample()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        List<string> generations = [];
        foreach (var generation in info.GenerationInfo)
        {
            generations.Add(Mb(generation.SizeAfterBytes));
        }

        List<string> marked = [];
        while (markers.TryDequeue(out var marker))
        {
            marked.Add(marker);
        }

        IEnumerable<object> fields =
        [
            clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            Mb(ProcessMemory.CurrentBytes()), Mb(info.HeapSizeBytes), Mb(info.TotalCommittedBytes), Mb(GC.GetTotalMemory(false)), Mb(info.FragmentedBytes),
            .. generations,
            GC.CollectionCount(0), GC.CollectionCount(2), string.Join('|', marked),
        ];
        lock (output)
        {
            output.WriteLine(string.Join(',', fields));
        }
    }

    private static string Mb(long bytes) => (bytes / Megabyte).ToString("F0", CultureInfo.InvariantCulture);
}
