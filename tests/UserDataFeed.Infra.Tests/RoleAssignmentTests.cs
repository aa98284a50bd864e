using System.Text.Json.Nodes;

namespace UserDataFeed.Infra.Tests;

[Collection(TemplatesCollection.Name)]
public sealed class RoleAssignmentTests(CompiledTemplates templates)
{
    private const string RoleAssignment = "Microsoft.Authorization/roleAssignments";

    /// <summary>Built-in role, its definition id (learn.microsoft.com/azure/role-based-access-control/built-in-roles), and the scope it must have.</summary>
    public static TheoryData<string, string, string> Roles => new()
    {
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]" },
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deploymentContainerName'))]" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "[resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))]" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void The_app_identity_holds_the_role_on_its_scope(string role, string definitionId, string scope)
    {
        var assignments = Assignments().Where(a => RoleOf(a) == definitionId).ToArray();
        Assert.True(assignments.Length > 0, $"No assignment of {role}.");
        Assert.Contains(assignments, a => (string?)a["scope"] == scope);
        Assert.All(assignments, a =>
        {
            Assert.Equal("[parameters('principalId')]", (string?)a["properties"]!["principalId"]);
            Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]);
        });
    }

    [Fact]
    public void The_assignments_are_granted_to_the_identity_the_app_runs_as()
    {
        var roles = templates.ModuleNamed("roles");
        Assert.Equal("[reference('identity').principalId]", roles.StringArgument("principalId"));
        AppSettingsTests.AssertIsTheAppIdentity(roles.StringArgument("identityId"));
        var identity = CompiledTemplates.Resources(templates.Main).Single(r => r.Symbol == "identity").Resource;
        Assert.Equal("Microsoft.ManagedIdentity/userAssignedIdentities", (string?)identity["type"]);
        Assert.Equal("[variables('names').identity]", (string?)identity["name"]);
    }

    [Fact]
    public void Blob_data_is_owned_only_on_containers_not_on_the_account()
    {
        var blobOwner = Assignments().Where(a => RoleOf(a) == "b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
        Assert.All(blobOwner, a => Assert.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers'", (string?)a["scope"], StringComparison.Ordinal));
    }

    [Fact]
    public void No_other_role_is_assigned_anywhere()
    {
        var expected = Roles.Select(row => (string)row[1]).Order();
        Assert.Equal(expected, Assignments().Select(RoleOf).Distinct().Order());
        Assert.Empty(CompiledTemplates.ResourcesOfType(templates.Main, RoleAssignment));
        foreach (var module in new[] { "monitoring", "storage", "keyvault", "functionapp", "alerts" })
        {
            Assert.Empty(templates.ModuleNamed(module).ResourcesOfType(RoleAssignment));
        }
    }

    private IEnumerable<JsonObject> Assignments() => templates.ModuleNamed("roles").ResourcesOfType(RoleAssignment);

    private static string RoleOf(JsonObject assignment)
    {
        var id = (string)assignment["properties"]!["roleDefinitionId"]!;
        const string prefix = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '";
        Assert.StartsWith(prefix, id, StringComparison.Ordinal);
        return id[prefix.Length..^"')]".Length];
    }
}
