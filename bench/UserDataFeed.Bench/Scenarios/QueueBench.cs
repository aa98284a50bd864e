using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using UserDataFeed.Adapters;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Bench.Reporting;
using UserDataFeed.Bench.Stores;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>
/// <c>bench queue</c>: the work queue's figures (issue 11). (1) Drain: many tenants with a file each, polled at
/// once, run by one and by two self-host worker processes on the same stores; the time until every import is
/// final. (2) Chained: S1 with the default work budget and with a budget that splits it into about ten runs,
/// interleaved (unbroken, chained, chained, unbroken) so the machine's drift falls on both.
/// </summary>
public static class QueueBench
{
    public const string Usage = """
        bench queue [--tenants 50] [--tenant-rows 2000] [--rows 100000] [--seed 20250105] [--stores-env …] [--out bench-results]
        """;

    public static async Task RunAsync(CommandLine line, CancellationToken cancellationToken)
    {
        var storesEnv = line.Value("--stores-env") ?? ".bench-stores/stores.env";
        var tenants = line.Number("--tenants") ?? 50;
        var tenantRows = line.Number("--tenant-rows") ?? 2000;
        var rows = line.Number("--rows") ?? 100_000;
        var seed = line.Number("--seed") ?? 20250105;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Work queue ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {MachineFacts.LoadAverage()})");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Drain: {tenants} tenants × {tenantRows:N0} users, one file each, one poll per tenant; time until every import is final.");
        report.AppendLine();
        report.AppendLine("| worker processes | drain (s) | imports/s | imports per worker |");
        report.AppendLine("|---:|---:|---:|---|");
        var one = 0.0;
        foreach (var workers in line.Flag("--no-drain") ? Array.Empty<int>() : new[] { 1, 2 })
        {
            var (seconds, perWorker) = await DrainAsync(storesEnv, workers, tenants, tenantRows, seed, cancellationToken);
            one = workers == 1 ? seconds : one;
            Console.WriteLine($"drain with {workers} worker(s): {seconds:F1} s ({string.Join(", ", perWorker)})");
            report.AppendLine(CultureInfo.InvariantCulture, $"| {workers} | {seconds:F1} | {tenants / seconds:F2} | {string.Join(", ", perWorker.Order())} |");
        }

        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Chained: S1 at {rows:N0} rows (one process), the default Feed:WorkBudget vs a budget of a tenth of the unbroken run.");
        report.AppendLine();
        report.AppendLine("| run | Feed:WorkBudget | seconds | continuations | status |");
        report.AppendLine("|---|---|---:|---:|---|");
        var results = await ChainedAsync(storesEnv, rows, seed, cancellationToken);
        foreach (var (label, budget, result) in results)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {budget ?? "default (00:04:00)"} | {result.Seconds:F2} | {result.Continuations} | {result.ImportStatus} |");
        }

        var unbroken = results.Where(r => r.Budget is null).Average(r => r.Result.Seconds);
        var chained = results.Where(r => r.Budget is not null).Average(r => r.Result.Seconds);
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Chained / unbroken (means): **{chained / unbroken:F3}**.");
        Console.WriteLine();
        Console.WriteLine(report);
        var output = line.Value("--out") ?? "bench-results";
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "queue.md"), report.ToString(), cancellationToken);
    }

    private static async Task<List<(string Label, string? Budget, ScenarioResult Result)>> ChainedAsync(string storesEnv, int rows, int seed, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("udf-bench-queue-");
        try
        {
            var file = Path.Combine(work.FullName, "s1.csv");
            HrCsvWriter.WriteFile(HrExportGenerator.Generate(rows, seed), file);
            var results = new List<(string, string?, ScenarioResult)>();
            string? tenth = null;
            foreach (var (label, chained) in new[] { ("unbroken 1", false), ("chained 1", true), ("chained 2", true), ("unbroken 2", false) })
            {
                var budget = chained ? tenth : null;
                var runFile = Path.Combine(work.FullName, $"run-{results.Count}.json");
                BenchRun.Create(storesEnv).Save(runFile); // tables of its own: Azurite slows as a table grows
                var resultFile = Path.Combine(work.FullName, $"{results.Count}.json");
                var args = new ScenarioArgs(runFile, Scenario.InitialImport.Id, $"chain-{results.Count}", file, rows, resultFile, Profile: false) { WorkBudget = budget };
                Console.WriteLine($"chained: {label} ...");
                await ChildProcess.RunAsync(args.ToArguments(), cancellationToken);
                var result = JsonSerializer.Deserialize<ScenarioResult>(await File.ReadAllTextAsync(resultFile, cancellationToken), BenchJson.Options)!;
                Console.WriteLine($"chained: {label} {result.Seconds:F2} s, {result.Continuations} continuations");
                results.Add((label, budget, result));
                tenth ??= TimeSpan.FromSeconds(Math.Max(1, Math.Round(result.Seconds / 10))).ToString("c", CultureInfo.InvariantCulture);
            }

            return results;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(double Seconds, List<int> PerWorker)> DrainAsync(
        string storesEnv, int workers, int tenants, int tenantRows, int seed, CancellationToken cancellationToken)
    {
        var run = BenchRun.Create(storesEnv);
        var settings = run.SelfHostSettings();
        settings["Feed:MaxParallelTenants"] = "4";
        var processes = new List<(Process Process, HttpClient Api)>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                processes.Add(await StartWorkerAsync(settings, run.OperatorKey, cancellationToken));
            }

            var api = processes[0].Api;
            var stores = run.Stores();
            using var s3 = StoreClients.S3(stores.S3Endpoint, "us-east-1", stores.ServiceAccessKey, stores.ServiceSecretKey);
            var ids = Enumerable.Range(0, tenants).Select(i => $"drain-{i}").ToList();
            var csv = HrCsvWriter.ToBytes(HrExportGenerator.Generate(tenantRows, seed));
            foreach (var tenant in ids)
            {
                await TenantSetup.OnboardAsync(api, tenant, cancellationToken);
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = run.BucketPrefix + tenant, Key = "hr.csv", InputStream = new MemoryStream(csv) }, cancellationToken);
            }

            var clock = Stopwatch.StartNew();
            var imports = new List<(string Tenant, string ImportId)>();
            foreach (var tenant in ids)
            {
                var poll = await TenantSetup.SucceedAsync(api.PostAsync($"/api/tenants/{tenant}/feed/poll", null, cancellationToken));
                var view = JsonSerializer.Deserialize<PollView>(await poll.Content.ReadAsStringAsync(cancellationToken), BenchJson.Options)!;
                imports.Add((tenant, view.ImportIds.Single()));
            }

            var finals = new List<ImportView>();
            foreach (var (tenant, importId) in imports)
            {
                finals.Add(await TenantSetup.UntilFinalAsync(api, tenant, importId, cancellationToken));
            }

            var seconds = clock.Elapsed.TotalSeconds;
            if (finals.Any(f => f.Status != "completed"))
            {
                throw new InvalidOperationException("A drain import did not complete: " + string.Join(", ", finals.Select(f => f.Status)));
            }

            return (seconds, [.. finals.GroupBy(f => f.Progress?.Worker).Select(g => g.Count())]);
        }
        finally
        {
            foreach (var (process, api) in processes)
            {
                api.Dispose();
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                process.Dispose();
            }
        }
    }

    /// <summary>A self-host process (the product's own worker) on this run's stores, answering on a free port.</summary>
    private static async Task<(Process, HttpClient)> StartWorkerAsync(Dictionary<string, string?> settings, string operatorKey, CancellationToken cancellationToken)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = SelfHost.SelfHostProcessStart.For(settings, new Uri($"http://127.0.0.1:{port}"));
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { Console.Error.WriteLine($"worker {process.Id}: {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await api.GetAsync("/api/tenants/probe-absent", cancellationToken);
                return (process, api);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException("A worker process did not start within 30 s.");
    }
}
