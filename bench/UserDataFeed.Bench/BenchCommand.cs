using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Bench.Measurements;
using UserDataFeed.Bench.Reporting;
using UserDataFeed.Bench.Scenarios;
using UserDataFeed.Bench.Stores;

namespace UserDataFeed.Bench;

/// <summary>
/// The bench: the naive baseline once, then per size the store's ceiling and scenarios S1–S4 through the real
/// product path (each in a child process). Prints the table and writes it to the output folder as JSON and markdown.
/// </summary>
public static class BenchCommand
{
    public static async Task RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var loadAtStart = MachineFacts.LoadAverage();
        var run = BenchRun.Create(options.StoresEnv);
        var tables = new TableServiceClient(run.Stores().TablesConnectionString);
        var work = Directory.CreateTempSubdirectory("udf-bench-");
        try
        {
            var runFile = Path.Combine(work.FullName, "run.json");
            run.Save(runFile);

            Console.WriteLine($"naive baseline: {options.NaiveRows:N0} rows, sequential point read + upsert ...");
            var naive = await NaiveImporter.RunAsync(tables.GetTableClient(run.TablePrefix + "Naive"), HrExportGenerator.Generate(options.NaiveRows, options.Seed), cancellationToken);

            var sizes = new List<SizeResult>();
            foreach (var size in options.Sizes)
            {
                sizes.Add(await RunSizeAsync(options, run, runFile, tables, work.FullName, size, cancellationToken));
            }

            var report = new BenchReport(
                startedAt,
                clock.Elapsed.TotalSeconds,
                MachineFacts.Read(),
                loadAtStart,
                MachineFacts.LoadAverage(),
                new BenchSettings(options.Seed, options.Sizes, options.Scenarios, options.Ceiling, options.NaiveRows, UserStore.MaxBatch, StoreCeiling.ProductParallelism, options.Profile),
                naive,
                sizes,
                Targets.Evaluate(naive, sizes));
            var markdown = MarkdownReport.Render(report);
            Console.WriteLine();
            Console.WriteLine(markdown);
            WriteResults(options.OutputDirectory, report, markdown);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<SizeResult> RunSizeAsync(
        BenchOptions options, BenchRun run, string runFile, TableServiceClient tables, string work, int size, CancellationToken cancellationToken)
    {
        var label = MarkdownReport.SizeLabel(size);
        Console.WriteLine($"{label}: generating files ...");
        var initial = HrExportGenerator.Generate(size, options.Seed);
        var files = ScenarioFiles.Write(work, initial, options.Seed);

        (Measurement Write, PagedRead? Read)? ceiling = options.Ceiling
            ? await MeasureCeilingAsync(label, tables.GetTableClient($"{run.TablePrefix}Ceiling{size}"), initial, options.CeilingRead, cancellationToken)
            : null;
        initial = null; // the scenario children read the files; this process need not keep the population

        var tenant = $"bench-{label.ToLowerInvariant()}";
        var results = new List<ScenarioResult>();
        foreach (var scenario in options.Scenarios.Select(Scenario.Find))
        {
            Console.WriteLine($"{label}: {scenario.Id} {scenario.Title} ...");
            var (path, rows) = files[scenario.FileId];
            var resultFile = Path.Combine(work, $"{size}-{scenario.Id}.json");
            var tenantOf = scenario.Scim ? tenant + "-scim" : scenario.Rich ? tenant + "-rich" : scenario.NoHistory ? tenant + "-nohistory" : tenant;
            await ChildProcess.RunAsync(new ScenarioArgs(runFile, scenario.Id, tenantOf, path, rows, resultFile, options.Profile).ToArguments(), cancellationToken);
            var result = JsonSerializer.Deserialize<ScenarioResult>(await File.ReadAllTextAsync(resultFile, cancellationToken), BenchJson.Options)!;
            Console.WriteLine($"{label}: {scenario.Id} {result.Seconds:F2} s, {result.Rows / result.Seconds:N0} rows/s, {result.ImportStatus}");
            results.Add(result);
        }

        return new SizeResult(size, ceiling?.Write, ceiling?.Read, results);
    }

    private static async Task<(Measurement Write, PagedRead? Read)> MeasureCeilingAsync(
        string label, TableClient table, IReadOnlyList<HrPerson> people, bool read, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{label}: ceiling ({(read ? "write, then full partition read" : "write")}) ...");
        return await StoreCeiling.RunAsync(table, people, read, cancellationToken);
    }

    private static void WriteResults(string directory, BenchReport report, string markdown)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"bench-{report.StartedAt:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(report, BenchJson.Options));
        File.WriteAllText(stem + ".md", markdown);
        Console.WriteLine($"results: {stem}.json, {stem}.md");
    }
}
