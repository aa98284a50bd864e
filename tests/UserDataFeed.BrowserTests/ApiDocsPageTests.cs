using Microsoft.Playwright;

namespace UserDataFeed.BrowserTests;

/// <summary>The interactive API docs in Chromium: Scalar renders the document under the page's content security policy.</summary>
public sealed class ApiDocsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Docs_page_renders_the_operations_with_its_policy_in_force_and_nothing_it_needs_refused()
    {
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(
            "window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}`));");

        var response = await page.GotoAsync("/api/docs/");
        await page.GetByText("Create or update a tenant").First.WaitForAsync(); // the inline script ran and the document was fetched
        var violations = await page.EvaluateAsync<string[]>("window.cspViolations");

        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        // The bundle's schema library probes `Function('')` to choose a faster code path, catches the refusal and uses the other:
        // the one refusal allowed, and it shows the policy is in force.
        Assert.All(violations, v => Assert.Matches(@"\Ascript-src eval \S+/api/docs/scalar\.js\z", v));
    }
}
