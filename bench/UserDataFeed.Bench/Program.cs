using UserDataFeed.Bench;
using UserDataFeed.Bench.Scenarios;

var line = new CommandLine(args);
if (line.Flag("--help") || line.Flag("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (args.Length > 0 && args[0] == "run-scenario")
{
    await ScenarioChild.RunAsync(ScenarioArgs.Parse(line), stop.Token);
}
else if (args.Length > 0 && args[0] == "queue")
{
    await QueueBench.RunAsync(line, stop.Token);
}
else
{
    await BenchCommand.RunAsync(BenchOptions.Parse(line), stop.Token);
}

return 0;
