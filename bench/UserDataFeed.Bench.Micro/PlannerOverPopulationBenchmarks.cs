using BenchmarkDotNet.Attributes;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Bench.Micro;

/// <summary>
/// The planner alone (rows already read) over a large existing population: a reordered file that changes
/// nothing (the baseline), a 1% churn file, and the unchanged file against the digest (summaries, no
/// records). Op/s = rows per second.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
public class PlannerOverPopulationBenchmarks
{
    private const int Population = 1_000_000;

    private List<UserRecord> population = [];
    private List<UserSummary> digest = [];
    private FeedRow[] unchangedRows = [];
    private FeedRow[] churnRows = [];

    [GlobalSetup]
    public async Task SetUpAsync()
    {
        var people = HrExportGenerator.Generate(Population, FeedFiles.Seed);
        (population, digest) = FeedFiles.FirstImport(people);
        unchangedRows = [.. await FeedFiles.ReadAllAsync(HrCsvWriter.ToBytes(HrExportVariants.Reordered(people, FeedFiles.Seed + 1)))];
        churnRows = [.. await FeedFiles.ReadAllAsync(HrCsvWriter.ToBytes(HrExportVariants.WithChurn(people, ChurnSpec.OnePercent, FeedFiles.Seed + 2)))];
    }

    // The planner trims cells in place; on rows already trimmed that is a no-op, so the rows can be planned again.
    [Benchmark(Baseline = true, OperationsPerInvoke = Population)]
    public int PlanAllUnchanged() =>
        FeedFiles.Planned(ImportPlanner.Plan(unchangedRows, FeedFiles.Layout, population, HoldThreshold.Default, FeedFiles.Now)).Counts.Unchanged;

    [Benchmark(OperationsPerInvoke = Population)]
    public int PlanOnePercentChurn() =>
        FeedFiles.Planned(ImportPlanner.Plan(churnRows, FeedFiles.Layout, population, HoldThreshold.Default, FeedFiles.Now)).Changes.Count;

    [Benchmark(OperationsPerInvoke = Population)]
    public int PlanAllUnchangedAgainstDigest() =>
        FeedFiles.Planned(ImportPlanner.Plan(ImportPlanner.Prepare(FeedRows.InMemory(unchangedRows), FeedFiles.Layout), new DigestUsers(digest), HoldThreshold.Default, FeedFiles.Now)).Counts.Unchanged;
}
