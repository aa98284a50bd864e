using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;

namespace UserDataFeed.BrowserTests;

/// <summary>What an admin does on the page, step by step, by the labels and names a person sees.</summary>
public static class AdminPageSteps
{
    public static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.Authorization is AuthenticationHeaderValue { Parameter: { } token } ? token : throw new InvalidOperationException("The client has no token.");

    public static async Task SignInAsync(this IPage page, string tenantId, string token)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Tenant id").FillAsync(tenantId);
        await page.GetByLabel("Token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "At a glance" }).WaitForAsync();
    }

    public static async Task OpenAsync(this IPage page, string section, string heading)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = section }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }).WaitForAsync();
    }

    /// <summary>Clicks "Poll now" and waits until the history lists <paramref name="count"/> imports, none running.</summary>
    public static async Task PollNowAsync(this IPage page, int count)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Poll now" }).ClickAsync();
        await page.WaitForFunctionAsync(
            "n => document.querySelectorAll('tr[data-import]').length >= n && ![...document.querySelectorAll('tr[data-import] .badge')].some(b => b.dataset.status === 'running')",
            count, new() { Timeout = 60_000 });
    }

    /// <summary>From the wizard's first step: reads a sample file and waits for the mapping rules it offers.</summary>
    public static async Task ReadSampleInTheWizardAsync(this IPage page, string sample)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("Sample file").SetInputFilesAsync(new FilePayload { Name = "hr.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(sample) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Read the sample" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).WaitForAsync();
    }

    /// <summary>The field-error slot next to a control (the element its aria-describedby names).</summary>
    public static async Task<ILocator> ErrorOfAsync(this IPage page, ILocator control) =>
        page.Locator($"#{await control.GetAttributeAsync("aria-describedby")}");

    public static Task<string> CountAsync(this ILocator row, string name) => row.Locator($"[data-count='{name}']").InnerTextAsync();

    /// <summary>Writes a screenshot under the test output's screenshots/, and into docs/screenshots when UDF_UPDATE_SCREENSHOTS=1.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var bytes = await page.ScreenshotAsync(new() { FullPage = true });
        var local = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(local);
        await File.WriteAllBytesAsync(Path.Combine(local, name + ".png"), bytes);
        if (Environment.GetEnvironmentVariable("UDF_UPDATE_SCREENSHOTS") == "1" && RepositoryRoot() is { } root)
        {
            await File.WriteAllBytesAsync(Path.Combine(root, "docs", "screenshots", name + ".png"), bytes);
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UserDataFeed.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
