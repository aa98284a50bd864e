namespace UserDataFeed.Bench.Scenarios;

/// <summary>Arguments of <c>bench run-scenario</c>, the child process that runs one scenario and reports its own peak memory.</summary>
public sealed record ScenarioArgs(string RunFile, string Scenario, string TenantId, string File, int Rows, string ResultFile, bool Profile)
{
    /// <summary>Feed:WorkBudget for the run (TimeSpan text); the service's default when null.</summary>
    public string? WorkBudget { get; init; }

    public IEnumerable<string> ToArguments()
    {
        yield return "run-scenario";
        yield return "--run";
        yield return RunFile;
        yield return "--scenario";
        yield return Scenario;
        yield return "--tenant";
        yield return TenantId;
        yield return "--file";
        yield return File;
        yield return "--rows";
        yield return Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--result";
        yield return ResultFile;
        if (Profile)
        {
            yield return "--profile";
        }

        if (WorkBudget is not null)
        {
            yield return "--work-budget";
            yield return WorkBudget;
        }
    }

    public static ScenarioArgs Parse(CommandLine line) => new(
        line.Required("--run"),
        line.Required("--scenario"),
        line.Required("--tenant"),
        line.Required("--file"),
        line.Number("--rows") ?? throw new ArgumentException("--rows is required."),
        line.Required("--result"),
        line.Flag("--profile"))
    {
        WorkBudget = line.Value("--work-budget"),
    };
}
