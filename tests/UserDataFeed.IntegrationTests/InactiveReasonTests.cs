using System.Text.Json;
using Azure.Data.Tables;

namespace UserDataFeed.IntegrationTests;

/// <summary>Why a user is inactive, as the rule that deactivated them decided it: shown with the user, kept in the store, and read for users stored before it was kept.</summary>
public sealed class InactiveReasonTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["status"] = "Status",
    };

    private const string Header = "Email,First,Last,Status\r\n";

    [Fact]
    public async Task Each_inactive_user_says_why_and_a_user_stored_before_the_reason_was_kept_reads_it_from_their_flags()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "why", Fields);
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 100, minimum = 100 } });
        var users = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(service.TablePrefix + "Users");
        await users.UpsertEntityAsync(new TableEntity("why", "old@why.example") // as a leaver was stored before the reason was kept
        {
            ["UserId"] = "u1", ["CreatedBy"] = "feed", ["CreatedAt"] = DateTimeOffset.UtcNow, ["PlatformRoles"] = 0, ["Email"] = "old@why.example",
            ["FirstName"] = "Old", ["LastName"] = "Timer", ["Active"] = false, ["DeactivatedForAbsence"] = true, ["BlockedByPlatform"] = false,
            ["MissedFiles"] = 1, ["ExternalId"] = "", ["FeedRoles"] = 0, ["DerivedManager"] = false, ["Managers"] = "", ["UpdatedAt"] = DateTimeOffset.UtcNow,
        });
        Assert.Equal(("inactive", "absence"), Status((await tenant.UsersAsync())["old@why.example"]));

        await tenant.ImportAsync(Header + "ann@why.example,Ann,Lee,1\r\nbob@why.example,Bob,Ray,1\r\ncat@why.example,Cat,Poe,1\r\n");
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/users/cat@why.example", new { firstName = "Cat", lastName = "Poe", status = "inactive" });
        await tenant.ImportAsync(Header + "ann@why.example,Ann,Lee,0\r\ncat@why.example,Cat,Poe,1\r\n");

        var after = await tenant.UsersAsync();
        Assert.Equal(("inactive", "statusColumn"), Status(after["ann@why.example"]));
        Assert.Equal(("inactive", "absence"), Status(after["bob@why.example"]));
        Assert.Equal(("inactive", "platform"), Status(after["cat@why.example"]));

        var back = await tenant.ImportAsync(Header + "ann@why.example,Ann,Lee,1\r\nbob@why.example,Bob,Ray,1\r\ncat@why.example,Cat,Poe,1\r\nold@why.example,Old,Timer,1\r\n");
        Assert.Equal(3, back.Count("reactivated")); // Ann, Bob and the user stored before; the platform's block keeps Cat
        var now = await tenant.UsersAsync();
        Assert.Equal(("active", null), Status(now["old@why.example"]));
        Assert.Equal(("inactive", "platform"), Status(now["cat@why.example"]));
    }

    private static (string Status, string? Because) Status(JsonElement user) => (user.Str("status"), user.GetProperty("inactiveBecause").GetString());
}
