using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace UserDataFeed.Infra.Tests;

[Collection(TemplatesCollection.Name)]
public sealed partial class AlertRuleTests(CompiledTemplates templates)
{
    /// <summary>Events and metrics the alerts name that the service does not emit yet (issue 12: the work queue).</summary>

    /// <summary>Rule, and what its query must look at.</summary>
    public static TheoryData<string, string[]> Rules => new()
    {
        { "import-failed", ["AppTraces", "AppMetrics", "udf.imports", "ImportEnded", "ImportRejected", "\"failed\""] },
        { "import-held", ["AppTraces", "ImportHeld", "ImportStarted", "ImportEnded", "{{HELD_HOURS}}"] },
        { "feed-stale", ["AppTraces", "AppMetrics", "udf.feed.stale", "FeedStale"] },
        { "work-poisoned", ["AppTraces", "AppMetrics", "udf.work.poisoned", "WorkPoisoned"] },
        { "exception-spike", ["AppExceptions"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_rule_exists_and_queries_its_kql_file(string rule, string[] mentions)
    {
        var entry = RuleEntries().SingleOrDefault(r => (string?)r["name"] == rule);
        Assert.True(entry is not null, $"No alert rule '{rule}'.");
        var query = QueryText(entry);
        Assert.Equal(templates.ReadRepoFile($"infra-bicep/alerts/{rule}.kql"), query);
        Assert.All(mentions, m => Assert.Contains(m, query, StringComparison.Ordinal));
    }

    [Fact]
    public void The_operations_guide_quotes_every_query_as_deployed()
    {
        var guide = templates.ReadRepoFile("docs/operations.md");
        Assert.All(Rules.Select(row => (string)row[0]), rule =>
            Assert.Contains($"```kusto\n{templates.ReadRepoFile($"infra-bicep/alerts/{rule}.kql")}```", guide, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_rule_queries_the_workspace_and_notifies_the_action_group()
    {
        var alerts = templates.ModuleNamed("alerts");
        var rule = alerts.ResourcesOfType("Microsoft.Insights/scheduledQueryRules").Single();
        Assert.Equal("[length(variables('rules'))]", (string?)rule["copy"]!["count"]);
        Assert.Equal(Rules.Count, RuleEntries().Count());
        Assert.Equal("[format('{0}-{1}', parameters('namePrefix'), variables('rules')[copyIndex()].name)]", (string?)rule["name"]);

        var group = alerts.ResourcesOfType("Microsoft.Insights/actionGroups").Single();
        var groupId = $"[resourceId('Microsoft.Insights/actionGroups', {Unbracket((string)group["name"]!)})]";
        Assert.Equal([groupId], rule["properties"]!["actions"]!["actionGroups"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("[parameters('alertEmail')]", (string?)group["properties"]!["emailReceivers"]![0]!["emailAddress"]);
        Assert.Equal("[parameters('alertEmail')]", alerts.StringArgument("alertEmail"));

        Assert.Equal(["[parameters('workspaceId')]"], rule["properties"]!["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("[reference('monitoring').outputs.workspaceId.value]", alerts.StringArgument("workspaceId"));
    }

    [Fact]
    public void The_queries_name_the_events_and_metrics_the_service_emits()
    {
        var events = LogTemplates();
        var metrics = MetricName().Matches(templates.ReadRepoFile("src/UserDataFeed.Service/Telemetry/FeedTelemetry.cs")).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Contains("udf.imports", metrics);
        foreach (var rule in Rules.Select(row => (string)row[0]))
        {
            var kql = templates.ReadRepoFile($"infra-bicep/alerts/{rule}.kql");
            foreach (var name in QuotedEventNames().Matches(kql).Select(m => m.Groups[1].Value))
            {
                Assert.True(events.ContainsKey(name), $"{rule}.kql names event '{name}', which Log.cs does not define.");
            }

            foreach (var name in QuotedMetricNames().Matches(kql).Select(m => m.Groups[1].Value))
            {
                Assert.True(metrics.Contains(name), $"{rule}.kql names metric '{name}', which FeedTelemetry does not define.");
            }
        }
    }

    [Fact]
    public void A_message_pattern_matches_the_log_message_of_its_event_and_no_other()
    {
        var events = LogTemplates();
        var patterns = RuleFilesText().SelectMany(kql => MessagePattern().Matches(kql))
            .Select(m => (Pattern: m.Groups[1].Value.Replace("\"\"", "\"", StringComparison.Ordinal), Event: m.Groups[2].Value))
            .Distinct().ToArray();
        Assert.NotEmpty(patterns);
        foreach (var (pattern, name) in patterns)
        {
            Assert.True(events.ContainsKey(name), $"Pattern for unknown event '{name}'.");
            var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            foreach (var (other, template) in events)
            {
                Assert.True(regex.IsMatch(Format(template)) == (other == name), $"Pattern {pattern} for {name} {(other == name ? "does not match" : "matches")} the message of {other}.");
            }
        }
    }

    private IEnumerable<JsonObject> RuleEntries() =>
        templates.ModuleNamed("alerts").Template["variables"]!["rules"]!.AsArray().Select(r => r!.AsObject());

    private IEnumerable<string> RuleFilesText() => Rules.Select(row => templates.ReadRepoFile($"infra-bicep/alerts/{(string)row[0]}.kql"));

    /// <summary>A rule's query: the text of the file it loads (loadTextContent compiles to a variable).</summary>
    private string QueryText(JsonObject entry)
    {
        var expression = (string)entry["query"]!;
        var file = LoadedFile().Match(expression);
        Assert.True(file.Success, $"The query is not a loaded file: {expression}");
        return (string)templates.ModuleNamed("alerts").Template["variables"]![file.Groups[1].Value]!;
    }

    /// <summary>Event name -> message template of every [LoggerMessage] in Log.cs.</summary>
    private Dictionary<string, string> LogTemplates() =>
        LoggerMessage().Matches(templates.ReadRepoFile("src/UserDataFeed.Service/Telemetry/Log.cs"))
            .ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);

    /// <summary>A message as logged: placeholders filled with plausible values (a file key may hold spaces).</summary>
    private static string Format(string template) => Placeholder().Replace(template, m => m.Groups[1].Value switch
    {
        "FileKey" => "exports/hr export.csv",
        "Status" => "failed",
        _ => "v-1",
    });

    private static string Unbracket(string expression) =>
        expression.StartsWith('[') ? expression[1..^1] : $"'{expression}'";

    [GeneratedRegex(@"variables\('(\$fxv#\d+)'\)")]
    private static partial Regex LoadedFile();

    [GeneratedRegex("""\[LoggerMessage\(\d+, LogLevel\.\w+, "((?:[^"\\]|\\.)*)"\)\]\s*public static partial void (\w+)\(""")]
    private static partial Regex LoggerMessage();

    [GeneratedRegex(@"meter\.Create\w+<\w+>\(""([a-z._]+)""")]
    private static partial Regex MetricName();

    [GeneratedRegex("""Message matches regex @"((?:[^"]|"")*)", "(\w+)""")]
    private static partial Regex MessagePattern();

    [GeneratedRegex("""(?:EventName\)? ==|EventName in \(|, ) ?"([A-Z][A-Za-z]+)""")]
    private static partial Regex QuotedEventNames();

    [GeneratedRegex(@"Name == ""(udf\.[a-z._]+)""")]
    private static partial Regex QuotedMetricNames();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
