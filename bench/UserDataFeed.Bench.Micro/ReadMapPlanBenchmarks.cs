using BenchmarkDotNet.Attributes;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Bench.Micro;

/// <summary>
/// The hot pure path per row: CSV read + map (the baseline), and read + map + plan into an empty tenant
/// and into a tenant where every row is unchanged (the file reordered), against full records (the
/// runner's fallback) and against the digest (what it plans against when the digest is current).
/// Op/s = rows per second.
/// </summary>
[MemoryDiagnoser]
public class ReadMapPlanBenchmarks
{
    private const int Rows = 100_000;

    private byte[] initialFile = [];
    private byte[] reorderedFile = [];
    private List<UserRecord> population = [];
    private List<UserState> digest = [];

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var people = HrExportGenerator.Generate(Rows, FeedFiles.Seed);
        initialFile = HrCsvWriter.ToBytes(people);
        reorderedFile = HrCsvWriter.ToBytes(HrExportVariants.Reordered(people, FeedFiles.Seed + 1));
        (population, digest) = await FeedFiles.FirstImportAsync(people);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public async Task<int> ReadAndMap()
    {
        using var reader = await FeedFileReader.OpenAsync(new MemoryStream(initialFile), FeedFiles.Layout, CancellationToken.None);
        var rows = 0;
        foreach (var _ in reader.ReadRows())
        {
            rows++;
        }

        return rows;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> ReadMapPlanIntoEmptyTenant() => (await FeedFiles.PlanAsync(initialFile, [])).Changes.Count;

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> ReadMapPlanAllUnchanged() => (await FeedFiles.PlanAsync(reorderedFile, population)).Counts.Unchanged;

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> ReadMapPlanAllUnchangedAgainstDigest()
    {
        using var reader = await FeedFileReader.OpenAsync(new MemoryStream(reorderedFile), FeedFiles.Layout, CancellationToken.None);
        return ImportPlanner.Prepare(reader.ReadRows(), FeedFiles.Layout).Plan(digest, HoldThreshold.Default, FeedFiles.Now).Counts.Unchanged;
    }
}
