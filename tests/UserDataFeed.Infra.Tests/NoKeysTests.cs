namespace UserDataFeed.Infra.Tests;

[Collection(TemplatesCollection.Name)]
public sealed class NoKeysTests(CompiledTemplates templates)
{
    [Theory]
    [InlineData("AccountKey=")]
    [InlineData("listKeys(")]
    [InlineData("listAccountSas(")]
    [InlineData("listServiceSas(")]
    [InlineData("DefaultEndpointsProtocol")]
    [InlineData("SharedAccessSignature=")]
    [InlineData("SharedAccessKey")]
    [InlineData("UseDevelopmentStorage")]
    public void No_account_key_or_storage_connection_string_appears_in_the_templates(string forbidden)
    {
        Assert.DoesNotContain(forbidden, templates.MainText, StringComparison.OrdinalIgnoreCase);
        Assert.All(templates.ParameterFileTexts, text => Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_only_connection_string_setting_is_that_of_Application_Insights()
    {
        var named = templates.AppSettings.Keys
            .Where(k => k.Replace("_", "", StringComparison.Ordinal).Contains("ConnectionString", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], named);
        Assert.Null(templates.FunctionApp["properties"]!["siteConfig"]!["connectionStrings"]);
        var source = (string)templates.ModuleNamed("monitoring").Template["outputs"]!["appInsightsConnectionString"]!["value"]!;
        Assert.StartsWith("[reference(resourceId('Microsoft.Insights/components', parameters('appInsightsName'))", source, StringComparison.Ordinal);
        Assert.EndsWith(".ConnectionString]", source, StringComparison.Ordinal);
    }

    [Fact]
    public void The_storage_account_refuses_shared_key_access()
    {
        var account = templates.ModuleNamed("storage").ResourcesOfType("Microsoft.Storage/storageAccounts").Single();
        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)account["properties"]!["allowBlobPublicAccess"]!);
        Assert.True((bool)account["properties"]!["defaultToOAuthAuthentication"]!);
    }

    [Fact]
    public void The_key_vault_uses_RBAC_not_access_policies()
    {
        var vault = templates.ModuleNamed("keyvault").ResourcesOfType("Microsoft.KeyVault/vaults").Single();
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        Assert.Null(vault["properties"]!["accessPolicies"]);
    }

    [Fact]
    public void Publishing_with_basic_credentials_is_off()
    {
        var policies = templates.ModuleNamed("functionapp").ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToArray();
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('\'')[^2]).Order());
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }
}
