using UserDataFeed.Bench.Generator;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>The files of one size (S1–S4, and the R variants), written to disk before anything is timed.</summary>
public static class ScenarioFiles
{
    public const double ErrorPercent = 10;

    /// <summary>Writes S1–S4, R1 and R3 for <paramref name="size"/> users; returns each scenario's path and row count.</summary>
    public static IReadOnlyDictionary<string, (string Path, int Rows)> Write(string directory, IReadOnlyList<HrPerson> initial, int seed)
    {
        var churned = HrExportVariants.WithChurn(initial, ChurnSpec.OnePercent, seed + 2);
        var files = new Dictionary<Scenario, List<HrPerson>>
        {
            [Scenario.InitialImport] = [.. initial],
            [Scenario.Reordered] = HrExportVariants.Reordered(initial, seed + 1),
            [Scenario.Churn] = churned,
            [Scenario.RowErrors] = HrExportVariants.WithRowErrors(churned, ErrorPercent, seed + 3),
            [Scenario.RichInitialImport] = HrExportVariants.WithGroupsAndEndDates(initial),
            [Scenario.RichChurn] = HrExportVariants.WithGroupsAndEndDates(churned),
        };

        var written = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        foreach (var (scenario, people) in files)
        {
            var path = Path.Combine(directory, $"{initial.Count}-{scenario.Id}.csv");
            HrCsvWriter.WriteFile(people, path, scenario.Rich);
            written[scenario.Id] = (path, people.Count);
        }

        return written;
    }
}
