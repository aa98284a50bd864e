using System.Net;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using UserDataFeed.IntegrationTests;

namespace UserDataFeed.BrowserTests;

/// <summary>
/// The "Connect an identity provider" panel (issue 27, "The page") driven as an admin would, in Chromium, against the
/// self-host on the real stores; the identity provider is an HttpClient with the token the page showed.
/// </summary>
public sealed class ScimPanelTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private TestService Service => browser.Service;

    private static StringContent ScimJson(string json) => new(json, Encoding.UTF8, "application/scim+json");

    private static string NewUser(string userName) =>
        $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","name":{"givenName":"Ann","familyName":"Lee"},"active":true}""";

    private static string Patch(string operations) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""";

    [Fact]
    public async Task Admin_issues_a_token_seen_once_switches_the_source_and_sees_the_providers_requests_failures_first_and_scim_in_a_users_history()
    {
        var admin = await Service.OnboardTenantAsync("scim-panel");
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => { dialogs.Add(dialog.Message); _ = dialog.AcceptAsync(); };
        await page.SignInAsync("scim-panel", AdminPageSteps.TokenOf(admin));
        await page.OpenAsync("Identity provider", "Connect an identity provider");
        var baseUrl = $"{Service.Address.ToString().TrimEnd('/')}/api/tenants/scim-panel/scim/v2";
        await Expect(page.Locator("[data-key='scimBaseUrl']")).ToHaveTextAsync(baseUrl);

        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("Entra ID");
        await page.GetByRole(AriaRole.Button, new() { Name = "New token", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Issued SCIM token" })).ToContainTextAsync("it will not be shown again");
        var token = await page.Locator("[data-key='scimToken']").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy token" }).WaitForAsync();
        var row = page.Locator("tr[data-token]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Entra ID");
        await Expect(row.Locator("[data-key='lastUsedAt']")).ToHaveTextAsync("never");
        var tokenId = await row.GetAttributeAsync("data-token");
        await page.ScreenshotAsync("scim-token");

        await page.GetByRole(AriaRole.Button, new() { Name = "Make SCIM the source" }).ClickAsync();
        await Expect(page.Locator("[data-key='source']")).ToHaveTextAsync("SCIM (an identity provider)");
        Assert.Contains("files dropped in the bucket are refused", dialogs.Single(), StringComparison.Ordinal);
        Assert.Equal("scim", (await admin.GetJsonAsync("/api/tenants/scim-panel/feed/settings")).Str("source"));

        // The identity provider, with exactly what the page showed: a failing request, then two that succeed.
        using var idp = Service.Client(token);
        var missing = await idp.GetAsync($"{baseUrl}/Users/no-such-user");
        var created = await (await idp.PostAsync($"{baseUrl}/Users", ScimJson(NewUser("ann@scim-panel.example")))).JsonAsync(HttpStatusCode.Created);
        var renamed = await idp.PatchAsync($"{baseUrl}/Users/{created.Str("id")}", ScimJson(Patch("""[{"op":"replace","path":"name.givenName","value":"Anne"}]""")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        await page.ReloadAsync();
        var log = page.Locator("table.scim-log tbody tr");
        await Expect(log).ToHaveCountAsync(3);
        await Expect(log.Nth(0)).ToHaveAttributeAsync("data-failed", "true");
        await Expect(log.Nth(0)).ToContainTextAsync("GET /Users/no-such-user");
        await Expect(log.Nth(0)).ToContainTextAsync("404");
        await Expect(log.Nth(1)).ToContainTextAsync($"PATCH /Users/{created.Str("id")}");
        await Expect(log.Nth(2)).ToContainTextAsync("POST /Users");
        await Expect(log.Nth(2)).ToContainTextAsync("201");
        await Expect(page.Locator("tr[data-token] [data-key='lastUsedAt']")).Not.ToHaveTextAsync("never");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(token); // shown once, never again
        await page.ScreenshotAsync("scim-panel");

        await page.OpenAsync("Users", "Users");
        await page.GetByLabel("Find by email").FillAsync("ann@scim-panel.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        var entries = page.Locator("ol.history > li");
        await Expect(entries).ToHaveCountAsync(2);
        await Expect(entries.Nth(0)).ToContainTextAsync("First name: Ann → Anne");
        await Expect(entries.Nth(0).Locator("[data-by='scim']")).ToHaveTextAsync($"SCIM (token {tokenId})");
    }

    [Fact]
    public async Task Admin_approves_a_held_scim_deactivation_from_the_panel_and_the_providers_retry_deactivates_the_user()
    {
        var tenant = await ScimTenant.CreateAsync(Service, "scim-held-panel");
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await tenant.CreateUserAsync($"u{i}@scim-held-panel.example")).Str("id"));
        }

        const string Deactivate = """[{"op":"replace","path":"active","value":false}]""";
        for (var i = 0; i < 10; i++)
        {
            await tenant.PatchAsync(ids[i], Deactivate); // the default hold admits 10 of 20 active users a window
        }

        var held = await tenant.SendAsync(HttpMethod.Patch, $"/Users/{ids[10]}", Patch(Deactivate));
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);

        var page = await browser.NewPageAsync();
        await page.SignInAsync("scim-held-panel", AdminPageSteps.TokenOf(tenant.Feed.Admin));
        await page.OpenAsync("Identity provider", "Connect an identity provider");
        var waiting = page.Locator("tr[data-held='u10@scim-held-panel.example']");
        await Expect(waiting.Locator(".badge")).ToHaveTextAsync("Waiting");
        await Expect(page.Locator("[data-key='window']")).ToContainTextAsync("10 deactivated by SCIM, of 10 allowed without an admin");
        await Expect(page.Locator("table.scim-log tbody tr").First).ToContainTextAsync("429");
        await page.ScreenshotAsync("scim-held");

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve deactivating u10@scim-held-panel.example" }).ClickAsync();
        await Expect(waiting.Locator(".badge")).ToHaveTextAsync("Approved");

        var retried = await tenant.PatchAsync(ids[10], Deactivate);
        Assert.False(retried.GetProperty("active").GetBoolean());
        Assert.Equal("inactive", (await tenant.PlatformUserAsync("u10@scim-held-panel.example")).Str("status"));
    }
}
