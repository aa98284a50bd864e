using System.Globalization;
using UserDataFeed.Bench.Measurements;
using UserDataFeed.Bench.Scenarios;

namespace UserDataFeed.Bench.Reporting;

/// <summary>The targets of issue 5, judged from one run's figures (ratios within one run hold on a noisy machine).</summary>
public static class Targets
{
    private const double MiB = 1024 * 1024;

    public static IReadOnlyList<TargetVerdict> Evaluate(Measurement naive, IReadOnlyList<SizeResult> sizes)
    {
        var at100k = sizes.FirstOrDefault(s => s.Size == 100_000);
        var at1m = sizes.FirstOrDefault(s => s.Size == 1_000_000);
        var s1 = at100k?.Of(Scenario.InitialImport);
        var verdicts = new List<TargetVerdict>
        {
            Judge("S1 100k: ≥ 85% of the ceiling's write rate", s1 is not null && at100k?.CeilingWrite is { } ceiling ? s1.Rows / s1.Seconds / ceiling.RowsPerSecond : null, r => r >= 0.85, Percent),
            Judge("S1 100k: ≥ 5× the naive baseline", s1 is null ? null : s1.Rows / s1.Seconds / naive.RowsPerSecond, r => r >= 5, Times),
            Judge("S2 100k (reordered, no change): ≤ 10% of S1's time", ShareOfS1(at100k, Scenario.Reordered), r => r <= 0.10, Percent),
            Judge("S3 100k (1% churn): ≤ 15% of S1's time", ShareOfS1(at100k, Scenario.Churn), r => r <= 0.15, Percent),
            Judge("S1 1M: ≤ 11× the 100k time", at1m?.Of(Scenario.InitialImport) is { } big && s1 is not null ? big.Seconds / s1.Seconds : null, r => r <= 11, Times),
            Context("S1 1M against the 1M ceiling's write rate (how much of the growth is the store's)",
                at1m?.Of(Scenario.InitialImport) is { } atMillion && at1m.CeilingWrite is { } millionCeiling ? atMillion.Rows / atMillion.Seconds / millionCeiling.RowsPerSecond : null, Percent),
            Judge("1M import: peak RSS < 512 MiB", at1m is null ? null : at1m.Scenarios.Max(s => s.PeakRssBytes) / MiB, r => r < 512, r => $"{r:F0} MiB"),
            new("Hot path: CSV read + map + plan ≥ 1M rows/s on one core", "see the micro-benchmarks (scripts/bench.sh micro)", "—"),
        };
        return verdicts;
    }

    private static double? ShareOfS1(SizeResult? size, Scenario scenario) =>
        size?.Of(Scenario.InitialImport) is { } s1 && size.Of(scenario) is { } other ? other.Seconds / s1.Seconds : null;

    private static TargetVerdict Judge(string target, double? measured, Func<double, bool> met, Func<double, string> format) =>
        measured is { } value
            ? new TargetVerdict(target, format(value), met(value) ? "met" : "not met")
            : new TargetVerdict(target, "not measured", "— (size not run)");

    private static TargetVerdict Context(string measure, double? measured, Func<double, string> format) =>
        new(measure, measured is { } value ? format(value) : "not measured", "(context, not a target)");

    public static string Percent(double ratio) => (ratio * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    public static string Times(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";
}
