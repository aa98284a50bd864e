namespace UserDataFeed.Infra.Tests;

[Collection(TemplatesCollection.Name)]
public sealed class HostingTests(CompiledTemplates templates)
{
    [Fact]
    public void The_app_runs_on_a_Flex_Consumption_plan_on_Linux()
    {
        var module = templates.ModuleNamed("functionapp");
        var plan = module.ResourcesOfType("Microsoft.Web/serverfarms").Single();
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal("functionapp,linux", (string?)templates.FunctionApp["kind"]);
        Assert.True((bool)templates.FunctionApp["properties"]!["httpsOnly"]!);
    }

    [Fact]
    public void The_runtime_is_the_dotnet_isolated_worker_on_NET_10()
    {
        var runtime = templates.FunctionApp["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("[parameters('runtimeVersion')]", (string?)runtime["version"]);
        Assert.Equal("10.0", (string?)templates.Main["parameters"]!["runtimeVersion"]!["defaultValue"]);

        // Flex Consumption refuses these settings: the runtime comes from functionAppConfig.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", templates.AppSettings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", templates.AppSettings.Keys);
    }

    [Fact]
    public void The_app_package_is_read_from_the_deployment_container_with_the_app_identity()
    {
        var storage = templates.FunctionApp["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.Equal("[reference('storage').outputs.deploymentContainerName.value]",
            templates.ModuleNamed("functionapp").StringArgument("deploymentContainerName"));
    }

    [Fact]
    public void The_app_runs_as_the_user_assigned_identity_only()
    {
        var identity = templates.FunctionApp["identity"]!;
        Assert.Equal("UserAssigned", (string?)identity["type"]);
        Assert.Equal(["[format('{0}', parameters('identityId'))]"], identity["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        AppSettingsTests.AssertIsTheAppIdentity(templates.ModuleNamed("functionapp").StringArgument("identityId"));
    }

    [Fact]
    public void Application_Insights_is_workspace_based()
    {
        var monitoring = templates.ModuleNamed("monitoring");
        var component = monitoring.ResourcesOfType("Microsoft.Insights/components").Single();
        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspaceName'))]", (string?)component["properties"]!["WorkspaceResourceId"]);
        Assert.Equal("LogAnalytics", (string?)component["properties"]!["IngestionMode"]);
    }
}
