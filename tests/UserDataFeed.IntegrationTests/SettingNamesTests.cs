using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.IntegrationTests;

/// <summary>local.settings.sample.json, the Bicep app settings and the README's configuration table name the options classes' settings.</summary>
public sealed partial class SettingNamesTests
{
    /// <summary>Settings that are read outside the options classes: the self-host's address, telemetry, the credential, the Functions host.</summary>
    private static readonly string[] OtherSettings =
    [
        "Urls", TelemetryRegistration.AzureMonitorSetting, TelemetryRegistration.AzureMonitorAuthenticationSetting, TelemetryRegistration.OtlpSetting,
        "AZURE_CLIENT_ID", "AzureWebJobsStorage", "AzureWebJobsStorage:accountName", "AzureWebJobsStorage:credential", "AzureWebJobsStorage:clientId",
        "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsDisableHomepage",
    ];

    /// <summary>What start-up requires locally (a connection string) and in Azure (the service URI instead).</summary>
    private static readonly string[] Required =
        ["S3:ServiceUrl", "S3:AccessKey", "S3:SecretKey", "S3:Rgw:AdminAccessKey", "S3:Rgw:AdminSecretKey", "Auth:OperatorKey", "Tables:Prefix"];

    public static IReadOnlySet<string> OptionSettings { get; } = new[]
    {
        Settings(typeof(TableStorageOptions), TableStorageOptions.Section),
        Settings(typeof(QueueOptions), QueueOptions.Section),
        Settings(typeof(S3Options), S3Options.Section),
        Settings(typeof(AuthOptions), AuthOptions.Section),
        Settings(typeof(FeedOptions), FeedOptions.Section),
        Settings(typeof(WebhookOptions), WebhookOptions.Section),
        Settings(typeof(RateLimitOptions), RateLimitOptions.Section),
    }.SelectMany(s => s).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_local_settings_sample_names_only_settings_the_code_reads_and_every_required_one()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepoFile("local.settings.sample.json")));
        var names = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name.Replace("__", ":", StringComparison.Ordinal)).ToList();

        Assert.All(names, AssertKnown);
        Assert.All(Required.Append("Tables:ConnectionString"), r => Assert.Contains(r, names));
    }

    [Fact]
    public void The_bicep_app_settings_name_only_settings_the_code_reads_and_every_required_one()
    {
        var bicep = File.ReadAllText(RepoFile("infra-bicep/modules/functionapp.bicep"));
        var names = AppSetting().Matches(bicep).Select(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)).ToList();

        Assert.All(names, n => Assert.True(OptionSettings.Contains(n) || OtherSettings.Contains(n), $"infra-bicep sets '{n}', which no options class reads."));
        Assert.All(Required.Append("Tables:ServiceUri"), r => Assert.Contains(r, names));
    }

    [Fact]
    public void The_readme_configuration_table_documents_every_setting_and_only_those()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        var section = readme[readme.IndexOf("## Configuration", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var documented = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Backticked().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(documented, AssertKnown);
        Assert.All(OptionSettings, o => Assert.True(documented.Contains(o), $"README's configuration table does not document '{o}'."));
    }

    private static void AssertKnown(string name) =>
        Assert.True(OptionSettings.Contains(name) || OtherSettings.Contains(name), $"'{name}' is no setting the code reads.");

    /// <summary>Section:Property for every bindable property, nested option objects as Section:Property:Inner.</summary>
    private static IEnumerable<string> Settings(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true)
            .SelectMany(p => p.PropertyType.IsClass && p.PropertyType != typeof(string)
                ? Settings(p.PropertyType, $"{prefix}:{p.Name}")
                : [$"{prefix}:{p.Name}"]);

    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UserDataFeed.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("The repository root (UserDataFeed.sln) is not above the test's folder.");
    }

    [GeneratedRegex(@"\{\s*name:\s*'([^']+)'\s*,\s*value:")]
    private static partial Regex AppSetting();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Backticked();
}
