using UserDataFeed.Bench.Measurements;
using UserDataFeed.Bench.Scenarios;

namespace UserDataFeed.Bench.Reporting;

public sealed record BenchSettings(int Seed, IReadOnlyList<int> Sizes, IReadOnlyList<string> Scenarios, bool Ceiling, int NaiveRows, int BatchSize, int Parallelism, bool Profile);

/// <summary>Everything measured at one size: the store's ceiling and the four scenarios.</summary>
public sealed record SizeResult(int Size, Measurement? CeilingWrite, PagedRead? CeilingRead, IReadOnlyList<ScenarioResult> Scenarios)
{
    public ScenarioResult? Of(Scenario scenario) => Scenarios.FirstOrDefault(s => s.Scenario == scenario.Id);
}

public sealed record TargetVerdict(string Target, string Measured, string Verdict);

/// <summary>One bench run, as written to bench-results/ as JSON and markdown.</summary>
public sealed record BenchReport(
    DateTimeOffset StartedAt,
    double TotalSeconds,
    MachineFacts Machine,
    string LoadAverageAtStart,
    string LoadAverageAtEnd,
    BenchSettings Settings,
    Measurement Naive,
    IReadOnlyList<SizeResult> Sizes,
    IReadOnlyList<TargetVerdict> Targets);
