using System.Globalization;
using UserDataFeed.Bench.Measurements;
using UserDataFeed.Bench.Scenarios;

namespace UserDataFeed.Bench.Reporting;

/// <summary>
/// The import path's targets (docs/performance.md), judged from one run's figures: ratios within one run hold on a noisy
/// machine. S1–S3 keep history (the default); N1 and N3 are the same files on a tenant that keeps none.
/// </summary>
public static class Targets
{
    private const double MiB = 1024 * 1024;

    public static IReadOnlyList<TargetVerdict> Evaluate(Measurement naive, IReadOnlyList<SizeResult> sizes)
    {
        var at100k = sizes.FirstOrDefault(s => s.Size == 100_000);
        var at1m = sizes.FirstOrDefault(s => s.Size == 1_000_000);
        var s1 = at100k?.Of(Scenario.InitialImport);
        return
        [
            Judge("S1 100k: within 1.2× N1's time", TimeOver(at100k, Scenario.InitialImport, Scenario.InitialImportNoHistory), r => r <= 1.2, Times),
            Judge("S3 100k: within 1.2× N3's time", TimeOver(at100k, Scenario.Churn, Scenario.ChurnNoHistory), r => r <= 1.2, Times),
            Judge("S1 100k: ≥ 85% of the ceiling's write rate", s1 is not null && at100k?.CeilingWrite is { } ceiling ? s1.Rows / s1.Seconds / ceiling.RowsPerSecond : null, r => r >= 0.85, Percent),
            Judge("S1 100k: ≥ 7× the naive baseline", s1 is null ? null : s1.Rows / s1.Seconds / naive.RowsPerSecond, r => r >= 7, Times),
            Judge("S3 100k (1% churn): ≤ 5% of S1's time", TimeOver(at100k, Scenario.Churn, Scenario.InitialImport), r => r <= 0.05, Percent),
            Judge("B1 100k: SCIM Bulk creates users at ≥ 50% of the ceiling's write rate", at100k?.Of(Scenario.ScimBulkCreate) is { } b1 && at100k.CeilingWrite is { } c ? b1.Rows / b1.Seconds / c.RowsPerSecond : null, r => r >= 0.5, Percent),
            Context("S2 100k (reordered, no change) against S1's time", TimeOver(at100k, Scenario.Reordered, Scenario.InitialImport), Percent),
            Context("S1 1M against the 100k time", at1m?.Of(Scenario.InitialImport) is { } big && s1 is not null ? big.Seconds / s1.Seconds : null, Times),
            Judge("1M import: every scenario's peak RSS < 384 MiB", at1m is null ? null : at1m.Scenarios.Max(s => s.PeakRssBytes) / MiB, r => r < 384, r => $"{r:F0} MiB"),
            new("Micro-benchmarks within 10% of the commit before", "scripts/bench.sh micro, on both commits", "—"),
        ];
    }

    /// <summary><paramref name="scenario"/>'s time over <paramref name="against"/>'s, when both ran.</summary>
    private static double? TimeOver(SizeResult? size, Scenario scenario, Scenario against) =>
        size?.Of(scenario) is { } one && size.Of(against) is { } other ? one.Seconds / other.Seconds : null;

    private static TargetVerdict Judge(string target, double? measured, Func<double, bool> met, Func<double, string> format) =>
        measured is { } value
            ? new TargetVerdict(target, format(value), met(value) ? "met" : "not met")
            : new TargetVerdict(target, "not measured", "— (size not run)");

    private static TargetVerdict Context(string measure, double? measured, Func<double, string> format) =>
        new(measure, measured is { } value ? format(value) : "not measured", "(context, not a target)");

    public static string Percent(double ratio) => (ratio * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    public static string Times(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";
}
