using System.Diagnostics;
using System.Runtime.InteropServices;
using SharpFuzz;

namespace UserDataFeed.Fuzz;

/// <summary>
/// <c>dotnet UserDataFeed.Fuzz.dll [target]</c>: one input on stdin, or under afl-fuzz the SharpFuzz
/// out-of-process fork server (a child process runs the inputs and is restarted when one crashes or hangs it).
/// <c>dotnet UserDataFeed.Fuzz.dll --replay [--target name] [--timeout seconds] [--verbose] path...</c>: runs every file
/// (directories recursively) through the target without AFL, and exits 1 if any breaks the property.
/// Targets: reader, preview, planner, mapping (a mapping document's JSON), scim (a SCIM filter, attribute list or PATCH body), all (the default).
/// </summary>
internal static class Program
{
    private const int TraceMapSize = 1 << 16;

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--replay")
        {
            return Replay(args[1..]);
        }

        var name = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("UDF_FUZZ_TARGET") ?? "all";
        if (FuzzTargets.Named(name) is not { } target)
        {
            return Usage($"unknown target '{name}'");
        }

        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }

    private static int Replay(string[] args)
    {
        var name = "all";
        var verbose = false;
        var timeout = TimeSpan.FromSeconds(10);
        var paths = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--target" when i + 1 < args.Length:
                    name = args[++i];
                    break;
                case "--verbose" or "-v":
                    verbose = true;
                    break;
                case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], out var seconds):
                    timeout = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                default:
                    paths.Add(args[i]);
                    break;
            }
        }

        ProvideTraceMap();
        if (FuzzTargets.Named(name) is not { } target || paths.Count == 0)
        {
            return Usage(paths.Count == 0 ? "no input to replay" : $"unknown target '{name}'");
        }

        var files = paths.SelectMany(Inputs).ToList();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var refusals = verbose ? new List<string>() : null;
            var run = Task.Run(() =>
            {
                FuzzTargets.Refusals = refusals;
                target(bytes);
            });
            try
            {
                if (!run.Wait(timeout))
                {
                    // A hang cannot be stopped in-process: report it and leave.
                    Console.Error.WriteLine($"HANG  {file}: not done after {timeout.TotalSeconds:0} s");
                    Console.Out.Flush();
                    Environment.Exit(1);
                }

                if (refusals is not null)
                {
                    Console.WriteLine($"ok    {file}: {(refusals.Count == 0 ? "read and planned" : $"refused {refusals.Count}x: {refusals[0]}")}");
                }
            }
            catch (AggregateException ex) when (ex.InnerException is { } fault)
            {
                failures++;
                Console.Error.WriteLine($"CRASH {file}: {fault.GetType().FullName}: {fault.Message}");
                Console.Error.WriteLine(fault.StackTrace);
            }
        }

        Console.WriteLine($"replay: {files.Count} input(s) through '{name}' in {clock.Elapsed.TotalSeconds:0.0} s, {failures} failure(s)");
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Inputs(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".md", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [path];

    /// <summary>
    /// An instrumented build writes every branch into SharpFuzz's trace map, which only afl-fuzz provides;
    /// give it one so the same build replays inputs too (a no-op for an uninstrumented build).
    /// </summary>
    private static unsafe void ProvideTraceMap() =>
        SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(TraceMapSize);

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"UserDataFeed.Fuzz: {problem}");
        Console.Error.WriteLine("usage: UserDataFeed.Fuzz [reader|preview|planner|all]        (under afl-fuzz, input on stdin)");
        Console.Error.WriteLine("       UserDataFeed.Fuzz --replay [--target name] [--timeout seconds] [--verbose] path...");
        return 2;
    }
}
