using BenchmarkDotNet.Attributes;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Bench.Micro;

/// <summary>
/// The hot pure path per row: CSV read + map (the baseline), read + map + the planner's first pass, and
/// read + map + plan into an empty tenant and into a tenant where every row is unchanged (the file
/// reordered), against full records (the runner's fallback) and against the digest (what it plans against
/// when the digest is current).
/// Op/s = rows per second.
/// </summary>
[MemoryDiagnoser]
public class ReadMapPlanBenchmarks
{
    private const int Rows = 100_000;

    private byte[] initialFile = [];
    private byte[] reorderedFile = [];
    private List<UserRecord> population = [];
    private List<UserSummary> digest = [];

    [GlobalSetup]
    public void SetUp()
    {
        var people = HrExportGenerator.Generate(Rows, FeedFiles.Seed);
        initialFile = HrCsvWriter.ToBytes(people);
        reorderedFile = HrCsvWriter.ToBytes(HrExportVariants.Reordered(people, FeedFiles.Seed + 1));
        (population, digest) = FeedFiles.FirstImport(people);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public int ReadAndMap() => FeedFileReader.Rereadable(new MemoryStream(initialFile), FeedFiles.Layout)().Count();

    /// <summary>The first pass of planning alone: the rules that need only the file (formats, duplicates, row hashes).</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int ReadMapPrepare() => ImportPlanner.Prepare(FeedRows.FromFile(new MemoryStream(initialFile), FeedFiles.Layout), FeedFiles.Layout).RowCount;

    [Benchmark(OperationsPerInvoke = Rows)]
    public int ReadMapPlanIntoEmptyTenant() => FeedFiles.Plan(initialFile, FullRecords.None).Changes.Count;

    /// <summary>The plan plus every created user made (what the writer takes from it), without the store.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int ReadMapPlanAndMakeUsersIntoEmptyTenant() => FeedFiles.Plan(initialFile, FullRecords.None).Changes.Count(c => c is UserChange.Create { User.Active: true });

    [Benchmark(OperationsPerInvoke = Rows)]
    public int ReadMapPlanAllUnchanged() => FeedFiles.Plan(reorderedFile, new FullRecords(population)).Counts.Unchanged;

    [Benchmark(OperationsPerInvoke = Rows)]
    public int ReadMapPlanAllUnchangedAgainstDigest() => FeedFiles.Plan(reorderedFile, new DigestUsers(digest)).Counts.Unchanged;
}
