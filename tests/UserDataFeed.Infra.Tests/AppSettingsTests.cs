using System.Text.RegularExpressions;

namespace UserDataFeed.Infra.Tests;

[Collection(TemplatesCollection.Name)]
public sealed partial class AppSettingsTests(CompiledTemplates templates)
{
    /// <summary>Every setting the options classes bind in Azure (the code reads *ServiceUri with a managed identity).</summary>
    public static TheoryData<string> ServiceSettings =>
    [
        "Tables__ServiceUri", "Tables__Prefix", "Queues__ServiceUri", "Queues__Name", "AZURE_CLIENT_ID",
        "S3__ServiceUrl", "S3__PublicUrl", "S3__Region", "S3__AccessKey", "S3__SecretKey",
        "S3__Rgw__AdminAccessKey", "S3__Rgw__AdminSecretKey", "Auth__OperatorKey",
        "Feed__WorkBudget", "Feed__MaxDequeues",
    ];

    /// <summary>Secret settings, the functionapp module's secretUris member each reads, and the Key Vault secret behind it.</summary>
    public static TheoryData<string, string, string> SecretSettings => new()
    {
        { "Auth__OperatorKey", "operatorKey", "operator-key" },
        { "S3__AccessKey", "s3AccessKey", "s3-access-key" },
        { "S3__SecretKey", "s3SecretKey", "s3-secret-key" },
        { "S3__Rgw__AdminAccessKey", "rgwAdminAccessKey", "rgw-admin-access-key" },
        { "S3__Rgw__AdminSecretKey", "rgwAdminSecretKey", "rgw-admin-secret-key" },
    };

    [Theory]
    [MemberData(nameof(ServiceSettings))]
    public void Every_setting_the_service_reads_is_an_app_setting(string name) =>
        Assert.Contains(name, templates.AppSettings.Keys);

    [Theory]
    [MemberData(nameof(SecretSettings))]
    public void A_secret_setting_is_a_key_vault_reference_to_a_secret_holding_the_secure_parameter(string setting, string member, string secretName)
    {
        Assert.Equal($"[format('@Microsoft.KeyVault(SecretUri={{0}})', parameters('secretUris').{member})]", templates.AppSettings[setting]);

        // main passes the Key Vault module's output for it ...
        var uri = (string)templates.ModuleNamed("functionapp").Argument("secretUris")[member]!;
        Assert.Equal($"[reference('vault').outputs.{member}Uri.value]", uri);

        // ... which is the (versionless) URI of that secret in the vault ...
        var vault = templates.ModuleNamed("keyvault");
        var output = (string)vault.Template["outputs"]![$"{member}Uri"]!["value"]!;
        var uriOf = SecretUriOf().Match(output);
        Assert.True(uriOf.Success, $"Output {member}Uri is not the secretUri of a vault secret: {output}");
        Assert.Equal(secretName, uriOf.Groups[1].Value);
        var secret = vault.ResourcesOfType("Microsoft.KeyVault/vaults/secrets")
            .Single(r => ((string)r["name"]!).Contains($"'{secretName}'", StringComparison.Ordinal));

        // ... whose value is the module's secure parameter of the same name, fed from main's secure parameter.
        Assert.Equal($"[parameters('{member}')]", (string?)secret["properties"]!["value"]);
        Assert.Equal("securestring", (string?)vault.Template["parameters"]![member]!["type"]);
        Assert.Equal($"[parameters('{member}')]", vault.StringArgument(member));
        Assert.Equal("securestring", (string?)templates.Main["parameters"]![member]!["type"]);
    }

    [Fact]
    public void Secure_parameters_reach_nothing_but_the_key_vault_secrets()
    {
        var secure = templates.Main["parameters"]!.AsObject().Where(p => (string?)p.Value!["type"] == "securestring").Select(p => p.Key).ToArray();
        Assert.Equal(5, secure.Length);
        foreach (var (symbol, resource) in CompiledTemplates.Resources(templates.Main))
        {
            var json = resource.ToJsonString();
            foreach (var parameter in secure.Where(p => json.Contains($"parameters('{p}')", StringComparison.Ordinal)))
            {
                Assert.True(symbol == "vault", $"Secure parameter '{parameter}' is used by '{symbol}', not only by the Key Vault module.");
            }
        }

        var vault = templates.ModuleNamed("keyvault").Template;
        foreach (var (symbol, resource) in CompiledTemplates.Resources(vault))
        {
            var json = resource.ToJsonString();
            Assert.True(
                (string?)resource["type"] == "Microsoft.KeyVault/vaults/secrets" || !secure.Any(p => json.Contains($"parameters('{p}')", StringComparison.Ordinal)),
                $"'{symbol}' of the Key Vault module reads a secure parameter.");
        }

        Assert.DoesNotContain("parameters('", vault["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_secret_settings_are_key_vault_references()
    {
        var references = templates.AppSettings.Where(s => s.Value.Contains("@Microsoft.KeyVault", StringComparison.Ordinal)).Select(s => s.Key).Order();
        Assert.Equal(SecretSettings.Select(row => (string)row[0]).Order(), references);
    }

    [Fact]
    public void Key_vault_references_resolve_with_the_app_identity()
    {
        Assert.Equal("[parameters('identityId')]", (string?)templates.FunctionApp["properties"]!["keyVaultReferenceIdentity"]);
        AssertIsTheAppIdentity(templates.ModuleNamed("functionapp").StringArgument("identityId"));
    }

    [Fact]
    public void Host_storage_and_the_service_clients_use_the_managed_identity()
    {
        var settings = templates.AppSettings;
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("[parameters('storageAccountName')]", settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", settings["AZURE_CLIENT_ID"]);
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Equal("[reference('identity').clientId]", templates.ModuleNamed("functionapp").StringArgument("identityClientId"));
        Assert.Equal("[format('https://{0}.table.{1}', parameters('storageAccountName'), variables('storageSuffix'))]", settings["Tables__ServiceUri"]);
        Assert.Equal("[format('https://{0}.queue.{1}', parameters('storageAccountName'), variables('storageSuffix'))]", settings["Queues__ServiceUri"]);
        Assert.Equal("[environment().suffixes.storage]", (string?)templates.ModuleNamed("functionapp").Template["variables"]!["storageSuffix"]);
    }

    [Theory]
    [InlineData("workQueueName", "Queues__Name", "udf-work")]
    [InlineData("feedWorkBudget", "Feed__WorkBudget", "00:04:00")]
    [InlineData("feedMaxDequeues", "Feed__MaxDequeues", "5")]
    [InlineData("tablesPrefix", "Tables__Prefix", "udf")]
    [InlineData("s3Region", "S3__Region", "us-east-1")]
    public void Settings_with_a_default_take_it_from_main(string parameter, string setting, string expected)
    {
        Assert.Equal(expected, templates.Main["parameters"]![parameter]!["defaultValue"]!.ToString());
        Assert.Contains("parameters('", templates.AppSettings[setting], StringComparison.Ordinal);
    }

    [Fact]
    public void The_timer_needs_no_app_setting_its_schedule_is_a_literal_in_the_function()
    {
        var functions = templates.ReadRepoFile("functions/UserDataFeed.Functions/FeedFunctions.cs");
        Assert.Contains("[TimerTrigger(PollSchedule)]", functions, StringComparison.Ordinal);
        Assert.Matches(@"const string PollSchedule = ""[0-9*/,\- ]+"";", functions);
        Assert.DoesNotContain(templates.AppSettings.Keys, k => k.Contains("PollSchedule", StringComparison.Ordinal));
        Assert.DoesNotContain("feedPollSchedule", templates.MainText, StringComparison.Ordinal);
    }

    internal static void AssertIsTheAppIdentity(string expression) =>
        Assert.Equal("[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('names').identity)]", expression);

    [GeneratedRegex(@"^\[reference\(resourceId\('Microsoft\.KeyVault/vaults/secrets', parameters\('vaultName'\), '([a-z0-9-]+)'\), '[0-9a-z-]+'\)\.secretUri\]$")]
    private static partial Regex SecretUriOf();
}
