using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Bench.Measurements;
using UserDataFeed.Bench.Reporting;
using UserDataFeed.Bench.Stores;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.SelfHost;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>
/// <c>bench run-scenario</c>: starts the real self-host in this process, uploads the file to the tenant's bucket,
/// and times <c>POST /api/tenants/{t}/feed/poll</c> until the import's record is final (the poll queues the work;
/// this process's worker runs it). Its own process, so
/// the peak memory it reports belongs to this one import (the peak is reset after start-up and upload).
/// </summary>
public static class ScenarioChild
{
    private const int WarmUpRows = 200;

    public static async Task RunAsync(ScenarioArgs args, CancellationToken cancellationToken)
    {
        var run = BenchRun.Load(args.RunFile);
        var scenario = Scenario.Find(args.Scenario);
        var settings = run.SelfHostSettings();
        if (args.WorkBudget is not null)
        {
            settings["Feed:WorkBudget"] = args.WorkBudget;
        }

        var app = SelfHostApp.Build([], config => config.AddInMemoryCollection(settings));
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var api = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", run.OperatorKey);
            if (scenario.Scim)
            {
                await RunScimAsync(api, run, args, cancellationToken);
                await app.StopAsync(cancellationToken);
                return;
            }

            if (scenario.Onboards)
            {
                await TenantSetup.OnboardAsync(api, args.TenantId, cancellationToken, scenario.Rich ? HrColumns.RichMapping() : null, keepsHistory: !scenario.NoHistory);
            }

            if (scenario.TurnsHistoryOn)
            {
                await TenantSetup.KeepHistoryAsync(api, args.TenantId, Core.Tenants.Tenant.DefaultHistoryRetentionDays, cancellationToken);
            }

            var s3 = app.Services.GetRequiredService<IAmazonS3>();
            await WarmUpAsync(api, s3, run, args, cancellationToken);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = run.BucketPrefix + args.TenantId, Key = $"exports/{scenario.Id}.csv", FilePath = args.File }, cancellationToken);

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var peakReset = ProcessMemory.TryResetPeak();
            using var trace = Environment.GetEnvironmentVariable("UDF_BENCH_MEMTRACE") is { Length: > 0 } traceDirectory ? new MemoryTrace(traceDirectory, $"{scenario.Id}-{args.Rows}") : null;
            using var traffic = new HttpTraffic();
            using var requestLog = RequestLog.Folder is null ? null : new RequestLog();
            var clock = Stopwatch.StartNew();
            var record = await TenantSetup.PollUntilFinalAsync(api, args.TenantId, cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            if (requestLog is not null)
            {
                await requestLog.WriteAsync(Path.Combine(RequestLog.Folder!, $"{scenario.Id}-{args.Rows}.tsv"), seconds, cancellationToken);
            }
            var peak = ProcessMemory.PeakBytes();
            var requests = TrafficLines(traffic, run.Stores());
            var profile = args.Profile && !scenario.Onboards
                ? await ProfileAsync(app.Services.GetRequiredService<UserStore>(), args, scenario.Rich ? HrColumns.RichMapping() : HrColumns.Mapping(), cancellationToken)
                : null;

            var result = new ScenarioResult(scenario.Id, args.Rows, seconds, peak, !peakReset, GCSettings.IsServerGC, record.Status, record.Counts, requests, profile)
            {
                Continuations = record.Progress?.Continuations ?? 0,
            };
            await File.WriteAllTextAsync(args.ResultFile, JsonSerializer.Serialize(result, BenchJson.Options), cancellationToken);
            await app.StopAsync(cancellationToken);
        }
    }

    /// <summary>B1: users created through SCIM Bulk (<see cref="ScimBulkScenario"/>); the store requests counted while it runs give the requests per user.</summary>
    private static async Task RunScimAsync(HttpClient api, BenchRun run, ScenarioArgs args, CancellationToken cancellationToken)
    {
        HttpTraffic? traffic = null;
        var peakReset = false;
        var (seconds, counts) = await ScimBulkScenario.RunAsync(api, args.TenantId, args.Rows, () =>
        {
            peakReset = ProcessMemory.TryResetPeak();
            return traffic = new HttpTraffic();
        }, cancellationToken);
        var result = new ScenarioResult(args.Scenario, args.Rows, seconds, ProcessMemory.PeakBytes(), !peakReset, GCSettings.IsServerGC,
            counts.Errors == 0 ? "succeeded" : "failed", counts, TrafficLines(traffic!, run.Stores()), null);
        await File.WriteAllTextAsync(args.ResultFile, JsonSerializer.Serialize(result, BenchJson.Options), cancellationToken);
    }

    /// <summary>
    /// Two small imports on a tenant of its own first, a first one and a churned next one, so the timed poll runs
    /// JIT-compiled code on warm connections, as a long-running service's poller does: both the first import's path and
    /// the path of every later file (the digest read and saved, users patched and deactivated).
    /// </summary>
    private static async Task WarmUpAsync(HttpClient api, IAmazonS3 s3, BenchRun run, ScenarioArgs args, CancellationToken cancellationToken)
    {
        var tenant = args.TenantId + "-warm";
        // No history: the warm-up's own after-work (the first pruning of its history) would otherwise still be running
        // against the store when the measured import starts.
        await TenantSetup.OnboardAsync(api, tenant, cancellationToken, keepsHistory: false);
        var people = HrExportGenerator.Generate(WarmUpRows, seed: 1);
        List<HrPerson>[] files = [people, HrExportVariants.WithChurn(HrExportVariants.Reordered(people, seed: 2), WarmUpChurn, seed: 3)];
        for (var i = 0; i < files.Length; i++)
        {
            var csv = HrCsvWriter.ToBytes(files[i]);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = run.BucketPrefix + tenant, Key = $"exports/warm-{args.Scenario}-{i}.csv", InputStream = new MemoryStream(csv) }, cancellationToken);
            await TenantSetup.PollUntilFinalAsync(api, tenant, cancellationToken);
        }
    }

    /// <summary>The warm-up's next file: a few users changed, joined and left (under the safety hold's minimum).</summary>
    private static readonly ChurnSpec WarmUpChurn = new(3, 1, 1);

    private static List<TrafficLine> TrafficLines(HttpTraffic traffic, StoreEndpoints stores)
    {
        var tablesPort = new Uri(stores.TablesConnectionString.Split(';').Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]).Port;
        var s3Port = new Uri(stores.S3Endpoint).Port;
        var byPort = traffic.ByPort();
        TrafficLine Line(string name, int port) =>
            byPort.TryGetValue(port, out var t) ? new TrafficLine(name, t.Requests, t.Seconds) : new TrafficLine(name, 0, 0);
        return [Line("Tables (Azurite)", tablesPort), Line("S3 (RGW)", s3Port)];
    }

    private static async Task<ScenarioProfile> ProfileAsync(UserStore users, ScenarioArgs args, Dictionary<string, string> mapping, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var current = await users.LoadAllAsync(args.TenantId, cancellationToken);
        var load = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var layout = new FieldLayout(new FeedMapping(mapping));
        await using var file = File.OpenRead(args.File);
        _ = ImportPlanner.Plan(ImportPlanner.Prepare(FeedRows.FromFile(file, layout), layout), new FullRecords(current), HoldThreshold.Default, TimeProvider.System.GetUtcNow());
        return new ScenarioProfile(current.Count, load, clock.Elapsed.TotalSeconds);
    }

}
