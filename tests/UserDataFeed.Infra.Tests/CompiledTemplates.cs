using System.Diagnostics;
using System.Text.Json.Nodes;

namespace UserDataFeed.Infra.Tests;

/// <summary>
/// The ARM JSON that <c>scripts/bicep.sh</c> compiles from infra-bicep/ (once per test run), read as JSON.
/// Set <c>UDF_BICEP_OUT</c> to a folder that already holds <c>main.json</c> to skip the compilation.
/// </summary>
public sealed class CompiledTemplates
{
    public CompiledTemplates()
    {
        RepoRoot = FindRepoRoot();
        var outDir = Environment.GetEnvironmentVariable("UDF_BICEP_OUT");
        if (string.IsNullOrEmpty(outDir) || !File.Exists(Path.Combine(outDir, "main.json")))
        {
            outDir = Path.Combine(AppContext.BaseDirectory, "bicep-out");
            CompileInto(outDir);
        }

        MainText = File.ReadAllText(Path.Combine(outDir, "main.json"));
        Main = JsonNode.Parse(MainText)!.AsObject();
        ParameterFileTexts = new[] { "dev.json", "prod.json" }
            .Select(name => File.ReadAllText(Path.Combine(outDir, name)))
            .ToArray();
    }

    public string RepoRoot { get; }

    public string MainText { get; }

    public JsonObject Main { get; }

    public IReadOnlyList<string> ParameterFileTexts { get; }

    /// <summary>The top-level resources by symbolic name (Bicep emits languageVersion 2.0: resources is an object).</summary>
    public static IEnumerable<(string Symbol, JsonObject Resource)> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonObject byName => byName.Select(p => (p.Key, p.Value!.AsObject())),
            JsonArray list => list.Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r!.AsObject())),
            _ => [],
        };

    public static IEnumerable<JsonObject> ResourcesOfType(JsonObject template, string type) =>
        Resources(template).Select(r => r.Resource).Where(r => (string?)r["type"] == type);

    /// <summary>A module of main.bicep: its nested template and the parameter values main passes to it.</summary>
    public Module ModuleNamed(string name)
    {
        var deployment = ResourcesOfType(Main, "Microsoft.Resources/deployments").SingleOrDefault(d => (string?)d["name"] == name)
            ?? throw new InvalidOperationException($"main.bicep has no module deployment named '{name}'.");
        var properties = deployment["properties"]!.AsObject();
        return new Module(name, deployment, properties["template"]!.AsObject(), properties["parameters"]!.AsObject());
    }

    /// <summary>The function app (Microsoft.Web/sites) of the functionapp module.</summary>
    public JsonObject FunctionApp => ResourcesOfType(ModuleNamed("functionapp").Template, "Microsoft.Web/sites").Single();

    /// <summary>The function app's app settings, name to value (an ARM expression or a literal).</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        FunctionApp["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    public string ReadRepoFile(string relativePath) => File.ReadAllText(Path.Combine(RepoRoot, relativePath));

    private void CompileInto(string outDir)
    {
        var script = Path.Combine(RepoRoot, "scripts", "bicep.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(outDir);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/bicep.sh did not finish within 5 minutes:\n{stdout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/bicep.sh failed (exit code {process.ExitCode}):\n{stdout}\n{stderr.Result}");
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UserDataFeed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("UserDataFeed.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A nested deployment of main.bicep.</summary>
public sealed record Module(string Name, JsonObject Deployment, JsonObject Template, JsonObject Parameters)
{
    /// <summary>The value main passes for one of the module's parameters, as JSON (an expression string or an object).</summary>
    public JsonNode Argument(string parameter) =>
        Parameters[parameter]?["value"] ?? throw new InvalidOperationException($"main.bicep passes no '{parameter}' to module '{Name}'.");

    public string StringArgument(string parameter) => (string)Argument(parameter)!;

    public IEnumerable<JsonObject> ResourcesOfType(string type) => CompiledTemplates.ResourcesOfType(Template, type);
}

[CollectionDefinition(Name)]
public sealed class TemplatesCollection : ICollectionFixture<CompiledTemplates>
{
    public const string Name = "compiled templates";
}
