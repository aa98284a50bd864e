using System.Globalization;
using System.Text;
using UserDataFeed.Bench.Measurements;
using UserDataFeed.Bench.Scenarios;

namespace UserDataFeed.Bench.Reporting;

/// <summary>The report as markdown: the figures table, the targets, and where the time went.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        var m = report.Machine;
        var s = report.Settings;
        Line(md, $"# UserDataFeed bench, {report.StartedAt:yyyy-MM-dd HH:mm} UTC");
        Line(md);
        Line(md, $"Machine: {m.Cpu}, {m.Cores} cores, {m.MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {m.Os}, {m.Runtime}. ");
        Line(md, $"Seed {s.Seed}; batches of {s.BatchSize}, {s.Parallelism} in flight; naive baseline on the first {s.NaiveRows:N0} rows, sequential. Run took {report.TotalSeconds:F0} s; load average {report.LoadAverageAtStart} at the start, {report.LoadAverageAtEnd} at the end.");
        Line(md);
        Line(md, "| size | measurement | rows | seconds | rows/s | ÷ ceiling write | ÷ naive | peak RSS | outcome |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|---:|---|");
        Line(md, Row("—", $"naive: point read + upsert per row, sequential", report.Naive, report.Naive, null, null, ""));
        foreach (var size in report.Sizes)
        {
            var label = SizeLabel(size.Size);
            if (size.CeilingWrite is { } write)
            {
                Line(md, Row(label, "ceiling: write, transactions of 100, 8 in flight", write, report.Naive, write, null, ""));
            }

            if (size is { CeilingWrite: { } w, CeilingRead: { } pages })
            {
                Line(md, Row(label, "ceiling: full partition read, pages of 1,000", pages.Total, report.Naive, w, null,
                    $"{pages.Pages} pages; first {pages.FirstPageSeconds * 1000:F0} ms, last {pages.LastPageSeconds * 1000:F0} ms"));
            }

            foreach (var r in size.Scenarios)
            {
                var scenario = Scenario.Find(r.Scenario);
                var c = r.Counts;
                var outcome = $"{r.ImportStatus}: {c.Created} created, {c.Updated} updated, {c.Unchanged} unchanged, {c.Deactivated} deactivated, {c.Errors} errors";
                Line(md, Row(label, $"{scenario.Id} {scenario.Title}", new Measurement(r.Rows, r.Seconds), report.Naive, size.CeilingWrite, r.PeakRssBytes, outcome));
            }
        }

        Line(md);
        var gc = report.Sizes.SelectMany(z => z.Scenarios).Any(r => r.ServerGc) ? "server GC, as the self-host" : "workstation GC";
        Line(md, $"Peak RSS: VmHWM of the process running the import ({gc}; one process per scenario, peak reset after start-up, warm-up import and upload).");
        Line(md);
        Line(md, "## Targets");
        Line(md);
        Line(md, "| target | measured | verdict |");
        Line(md, "|---|---:|---|");
        foreach (var t in report.Targets)
        {
            Line(md, $"| {t.Target} | {t.Measured} | {t.Verdict} |");
        }

        RenderProfile(md, report);
        return md.ToString();
    }

    private static void RenderProfile(StringBuilder md, BenchReport report)
    {
        Line(md);
        Line(md, "## Where the time goes");
        Line(md);
        Line(md, "Requests the import process sent during the poll (durations summed; they overlap). The last two columns are timed separately after the import: the full read of the tenant's users (what the runner falls back to when it has no current digest) and reading + planning the same file in memory against those full records.");
        Line(md);
        Line(md, "| size | scenario | poll s | Tables requests | Tables summed s | S3 requests | S3 summed s | full read of users s | read + plan s |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in report.Sizes)
        {
            foreach (var r in size.Scenarios)
            {
                var tables = r.Traffic.Single(t => t.Target.StartsWith("Tables", StringComparison.Ordinal));
                var s3 = r.Traffic.Single(t => t.Target.StartsWith("S3", StringComparison.Ordinal));
                var load = r.Profile is { } p ? $"{p.LoadAllUsersSeconds:F2} ({p.UsersRead:N0})" : "—";
                var plan = r.Profile is { } q ? q.ReadAndPlanSeconds.ToString("F2", Invariant) : "—";
                Line(md, $"| {SizeLabel(size.Size)} | {r.Scenario} | {r.Seconds:F2} | {tables.Requests:N0} | {tables.SummedSeconds:F1} | {s3.Requests:N0} | {s3.SummedSeconds:F1} | {load} | {plan} |");
            }
        }
    }

    private static string Row(string size, string name, Measurement measured, Measurement naive, Measurement? ceiling, long? peakBytes, string outcome)
    {
        var vsCeiling = ceiling is null ? "—" : Targets.Percent(measured.RowsPerSecond / ceiling.RowsPerSecond);
        var vsNaive = Targets.Times(measured.RowsPerSecond / naive.RowsPerSecond);
        var peak = peakBytes is { } b ? $"{b / (1024.0 * 1024):F0} MiB" : "—";
        return string.Create(Invariant, $"| {size} | {name} | {measured.Rows:N0} | {measured.Seconds:F2} | {measured.RowsPerSecond:N0} | {vsCeiling} | {vsNaive} | {peak} | {outcome} |");
    }

    public static string SizeLabel(int size) => size switch
    {
        >= 1_000_000 when size % 1_000_000 == 0 => $"{size / 1_000_000}M",
        >= 1_000 when size % 1_000 == 0 => $"{size / 1_000}k",
        _ => size.ToString(Invariant),
    };

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
