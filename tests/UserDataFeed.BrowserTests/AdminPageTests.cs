using System.Net;
using System.Text;
using Amazon.S3.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using UserDataFeed.Adapters;
using UserDataFeed.IntegrationTests;

namespace UserDataFeed.BrowserTests;

/// <summary>The admin page driven as an admin would, in Chromium, against the self-host on the real stores.</summary>
public sealed class AdminPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private TestService Service => browser.Service;

    [Fact]
    public async Task Wizard_runs_from_sign_in_to_connection_details_and_a_file_uploaded_with_the_shown_key_appears_in_run_history()
    {
        var admin = await Service.OnboardTenantAsync("wizard", ("department", "Department"));
        var page = await browser.NewPageAsync();
        await page.SignInAsync("wizard", AdminPageSteps.TokenOf(admin));
        await page.ScreenshotAsync("sign-in-glance");

        await page.OpenAsync("Set up", "Set up the feed");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download template" }).ClickAsync());
        var template = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(await admin.GetStringAsync("/api/tenants/wizard/feed/template"), template);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        var sample = "Work Email,Given Name,Surname,Dept\r\nann@wizard.example,Ann,Lee,Sales\r\nbob@wizard.example,Bob,Ray,Support\r\n";
        await page.GetByLabel("Sample file").SetInputFilesAsync(new FilePayload { Name = "hr.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(sample) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Read the sample" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).WaitForAsync();

        // Each platform field has a dropdown of the sample's columns, the suggestion preselected, required ones marked.
        var email = page.GetByLabel("Email", new() { Exact = false }).First;
        Assert.Equal(["", "Work Email", "Given Name", "Surname", "Dept"], await email.Locator("option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));
        Assert.Equal("Work Email", await email.InputValueAsync());
        Assert.True(await email.EvaluateAsync<bool>("e => e.required"));
        Assert.Equal("Given Name", await page.GetByLabel("First name").InputValueAsync());
        await page.GetByLabel("Department (custom field)").SelectOptionAsync("Dept");
        Assert.Contains("Roles granted through the platform are never removed", await page.Locator("form").InnerTextAsync());
        await page.ScreenshotAsync("setup-mapping");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue S3 key" }).ClickAsync();
        var secret = await page.Locator("[data-key='secretAccessKey']").InnerTextAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("it will not be shown again");
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy secret" }).WaitForAsync();
        await page.ScreenshotAsync("setup-connection");

        // IT uploads with exactly what the page showed.
        using (var s3 = StoreClients.S3(
            await page.Locator("[data-key='endpoint']").InnerTextAsync(), await page.Locator("[data-key='region']").InnerTextAsync(),
            await page.Locator("[data-key='accessKeyId']").InnerTextAsync(), secret))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = await page.Locator("[data-key='bucket']").InnerTextAsync(), Key = "exports/hr.csv", ContentBody = sample });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied the secret — finish" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Done" }).WaitForAsync();

        await page.OpenAsync("Run history", "Run history");
        await page.PollNowAsync(1);
        var row = page.Locator("tr[data-import]").First;
        Assert.Equal("Completed", await row.Locator(".badge").InnerTextAsync());
        Assert.Equal(("2", "2", "0"), (await row.CountAsync("rows"), await row.CountAsync("created"), await row.CountAsync("errors")));
        await page.ScreenshotAsync("run-history");

        var users = await admin.UsersAsync("wizard");
        Assert.Equal("Sales", users["ann@wizard.example"].GetProperty("customFields").GetProperty("department").GetString());
    }

    [Fact]
    public async Task Held_import_shows_what_made_it_held_and_is_approved_from_the_page()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "heldpage");
        await tenant.ImportAsync(HrFile.Users("held.example", 30));
        await tenant.S3.UploadAsync(tenant.Bucket, "exports/day2.csv", HrFile.Users("held.example", 5));

        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Run history", "Run history");
        await page.PollNowAsync(2);
        var held = page.Locator("tr[data-import]").First;
        Assert.Equal("Held for approval", await held.Locator(".badge").InnerTextAsync());
        await held.GetByRole(AriaRole.Link).ClickAsync();

        var card = page.Locator("section.card").First;
        await Expect(card).ToContainTextAsync("would deactivate 25 of 29 active users");
        await page.ScreenshotAsync("held-import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await page.Locator("#i-title .badge[data-status='completed']").WaitForAsync(new() { Timeout = 60_000 });

        var users = await tenant.UsersAsync();
        Assert.Equal(25, users.Values.Count(u => u.Str("status") == "inactive" && u.Str("email") != "u0@held.example"));
    }

    [Fact]
    public async Task Held_import_lists_whom_it_would_deactivate_and_why_with_show_more()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "heldlist");
        await tenant.ImportAsync(HrFile.Users("dl.example", 70)); // u0 is inactive (status 0), the 69 others active
        var held = await tenant.ImportAsync(HrFile.Users("dl.example", 10).Replace("u5@dl.example,Fïrst5,Lâst5,1,", "u5@dl.example,Fïrst5,Lâst5,0,", StringComparison.Ordinal));
        Assert.Equal(("held", 61), (held.Str("status"), held.Count("deactivated"))); // u5 by its status, u10–u69 by absence

        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Run history", "Run history");
        await page.Locator($"tr[data-import='{held.Str("importId")}']").GetByRole(AriaRole.Link).ClickAsync();

        var list = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Who it would deactivate (61)" }) });
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(50);
        await list.GetByRole(AriaRole.Button, new() { Name = "Show more" }).ClickAsync();
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(61);
        await Expect(list.GetByRole(AriaRole.Status)).ToHaveTextAsync("Showing 61 of 61.");
        await Expect(list.GetByRole(AriaRole.Button, new() { Name = "Show more" })).ToHaveCountAsync(0);
        await Expect(list.Locator("tr[data-email='u5@dl.example']")).ToContainTextAsync("The status column says inactive");
        await Expect(list.Locator("tr[data-email='u42@dl.example']")).ToContainTextAsync("Fïrst42 Lâst42");
        await Expect(list.Locator("tr[data-email='u42@dl.example']")).ToContainTextAsync("Not in this file");
    }

    [Fact]
    public async Task Mapping_saved_in_another_tab_makes_this_tabs_save_answer_with_the_conflict()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "twotabs");
        var token = AdminPageSteps.TokenOf(tenant.Admin);
        var first = await browser.NewPageAsync();
        var second = await browser.NewPageAsync();
        foreach (var page in new[] { first, second })
        {
            await page.SignInAsync(tenant.TenantId, token);
            await page.OpenAsync("Settings", "Settings");
        }

        await first.GetByLabel("Last name").FillAsync("Surname");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await first.GetByText("Saved as version 2.").WaitForAsync();

        await second.GetByLabel("First name").FillAsync("Given");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        var alert = second.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("The resource has changed.");
        await Expect(alert).ToContainTextAsync("Someone saved the mapping after you opened this page");
        await second.ScreenshotAsync("settings-conflict");

        var saved = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping");
        Assert.Equal(("Surname", "First"), (saved.GetProperty("fields").Str("lastName"), saved.GetProperty("fields").Str("firstName")));
    }

    [Fact]
    public async Task Api_errors_are_shown_as_the_problems_title_and_next_to_their_fields()
    {
        var (_, page) = await SettingsOfANewTenantAsync("fielderrors");

        var percent = page.GetByLabel("Hold above this percentage");
        await percent.FillAsync("150");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        var described = await page.ErrorOfAsync(percent);
        await Expect(described).ToHaveTextAsync("percent must be from 0 to 100.");
        await Expect(percent).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Some values are not valid.");

        var email = page.GetByLabel("Email", new() { Exact = false }).First;
        await email.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        var emailError = await page.ErrorOfAsync(email);
        await Expect(emailError).ToContainTextAsync("'email' is required");
        await page.ScreenshotAsync("settings-field-errors");
    }

    [Fact]
    public async Task Scope_rules_are_saved_from_the_settings_and_a_rule_without_values_is_shown_next_to_its_column()
    {
        var (tenant, page) = await SettingsOfANewTenantAsync("scopepage");

        var column = page.GetByLabel("Scope rule 1: column");
        await column.FillAsync("Worker Type");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await Expect(await page.ErrorOfAsync(column)).ToContainTextAsync("1 to 100 values");

        await page.GetByLabel("Scope rule 1: the value").SelectOptionAsync("notIn");
        await page.GetByLabel("Scope rule 1: values").FillAsync("Contractor, Intern");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await page.GetByText("Saved as version 2.").WaitForAsync();

        var saved = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping");
        var rule = Assert.Single(saved.GetProperty("scope").EnumerateArray());
        Assert.Equal("Worker Type", rule.Str("column"));
        Assert.Equal(["Contractor", "Intern"], rule.Strings("notIn"));
    }

    [Fact]
    public async Task Transforms_are_saved_from_the_settings_and_a_default_without_its_value_is_shown_next_to_its_field()
    {
        var (tenant, page) = await SettingsOfANewTenantAsync("transformpage");

        await page.GetByText("Transform of Last name").ClickAsync();
        var lastName = page.GetByLabel("Transform (lastName)");
        await lastName.SelectOptionAsync("default");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await Expect(await page.ErrorOfAsync(lastName)).ToContainTextAsync("non-blank 'value'");

        await page.GetByLabel("Transform setting (lastName)").FillAsync("Unknown");
        await page.GetByText("Transform of Department (custom field)").ClickAsync();
        await page.GetByLabel("Transform (custom.department)").SelectOptionAsync("map-error");
        await page.GetByLabel("Transform setting (custom.department)").FillAsync("HR = Human Resources; IT=Information Technology");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await page.GetByText("Saved as version 2.").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0); // the refused save's problems are gone
        await page.ScreenshotAsync("settings-transforms");

        var transforms = (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping")).GetProperty("transforms");
        Assert.Equal(("default", "Unknown"), (transforms.GetProperty("lastName").Str("kind"), transforms.GetProperty("lastName").Str("value")));
        var map = transforms.GetProperty("custom.department");
        Assert.Equal(("map", "error", "Human Resources", "Information Technology"),
            (map.Str("kind"), map.Str("unmatched"), map.GetProperty("values").Str("HR"), map.GetProperty("values").Str("IT")));

        await page.ReloadAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true }).WaitForAsync();
        await Expect(page.GetByLabel("Transform setting (lastName)")).ToHaveValueAsync("Unknown"); // read back as saved
    }

    [Fact]
    public async Task Saving_the_settings_page_keeps_the_scim_hold_window_it_has_no_field_for()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "scimwindowpage");
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, scimHoldWindow = "02:00:00" });
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Settings", "Settings");

        await page.GetByLabel("Hold above this percentage").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();

        var settings = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings");
        Assert.Equal((25, "02:00:00"), (settings.GetProperty("hold").GetProperty("percent").GetInt32(), settings.Str("scimHoldWindow")));
    }

    [Fact]
    public async Task Grace_period_and_time_zone_are_saved_from_the_settings_and_a_user_shows_their_dates_and_missed_files()
    {
        var (tenant, page) = await SettingsOfANewTenantAsync("datespage");
        await page.GetByText("Start date", new() { Exact = true }).WaitForAsync(); // the wizard's and the settings' mapping offer the dates

        var zone = page.GetByLabel("Time zone of start and end dates");
        await zone.FillAsync("Europe/Atlantis");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(await page.ErrorOfAsync(zone)).ToContainTextAsync("not a time zone");

        await zone.FillAsync("Europe/Paris");
        await page.GetByLabel("Deactivate after this many files without the user").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();
        var settings = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings");
        Assert.Equal(("Europe/Paris", 3), (settings.Str("timeZone"), settings.GetProperty("deactivateAfterMissingFiles").GetInt32()));

        var fields = new Dictionary<string, string>(FeedTenant.FullMapping) { ["startDate"] = "Start", ["endDate"] = "End" };
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/mapping", new { fields });
        await tenant.ImportAsync(HrFile.Header.TrimEnd() + ",Start,End\r\n" + "ann@dates.example,Ann,Lee,1,,,E1,Sales,2099-01-04,\r\n" + "bob@dates.example,Bob,Ray,1,,,E2,Ops,2020-01-01,2099-06-30\r\n");
        await tenant.ImportAsync(HrFile.Header.TrimEnd() + ",Start,End\r\n" + "ann@dates.example,Ann,Lee,1,,,E1,Sales,2099-01-04,\r\n");

        await page.OpenAsync("Users", "Users");
        await page.GetByLabel("Find by email").FillAsync("ann@dates.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("2099-01-04 (activated on the day)");
        await page.OpenAsync("Users", "Users");
        await page.GetByLabel("Find by email").FillAsync("bob@dates.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("absent from the last 1 file(s)");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("2099-06-30");
    }

    [Fact]
    public async Task Saving_the_settings_keeps_a_tenant_whose_users_come_from_scim_on_scim()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "scimsourcepage");
        await tenant.Admin.PutJsonAsync("/api/tenants/scimsourcepage/feed/settings", new { hold = new { percent = 20, minimum = 10 }, source = "scim" });
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Settings", "Settings");

        await page.GetByLabel("Deactivate after this many files without the user").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();

        var settings = await tenant.Admin.GetJsonAsync("/api/tenants/scimsourcepage/feed/settings");
        Assert.Equal((2, "scim"), (settings.GetProperty("deactivateAfterMissingFiles").GetInt32(), settings.Str("source")));
    }

    [Fact]
    public async Task A_users_history_shows_each_change_with_its_import_and_reason_and_the_retention_is_saved_from_the_settings()
    {
        var (tenant, page) = await SettingsOfANewTenantAsync("historypage");
        var keep = page.GetByLabel("Keep each user's history for this many days");
        Assert.Equal("400", await keep.InputValueAsync());
        await keep.FillAsync("5000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(await page.ErrorOfAsync(keep)).ToContainTextAsync("historyRetentionDays must be from 0");
        await keep.FillAsync("90");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();
        Assert.Equal(90, (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings")).GetProperty("historyRetentionDays").GetInt32());

        await tenant.ImportAsync(HrFile.Header + "ann@historypage.example,Ann,Lee,1,,,E1,Sales\r\nbob@historypage.example,Bob,Ray,1,,,E2,Ops\r\n");
        var left = await tenant.ImportAsync(HrFile.Header + "bob@historypage.example,Bob,Ray,1,,,E2,Ops\r\n");

        await page.OpenAsync("Users", "Users");
        await page.GetByLabel("Find by email").FillAsync("ann@historypage.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        var entries = page.Locator("ol.history > li");
        await Expect(entries).ToHaveCountAsync(2);
        await Expect(entries.Nth(0)).ToHaveAttributeAsync("data-change", "deactivated");
        await Expect(entries.Nth(0)).ToContainTextAsync("Status: active → inactive (absent from file)");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Inactive becausefiles stopped listing this user");
        await Expect(entries.Nth(1)).ToHaveAttributeAsync("data-change", "created");
        await Expect(entries.Nth(1)).ToContainTextAsync("First name: — → Ann");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("null");
        await page.ScreenshotAsync("user-history");

        await entries.Nth(0).GetByRole(AriaRole.Link, new() { Name = $"import {left.Str("importId")}" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Import", Exact = true }).WaitForAsync();
        await Expect(page.Locator("main")).ToContainTextAsync(left.Str("fileKey"));
    }

    /// <summary>A new tenant with the feed's full mapping, and a page signed in as its admin on the settings.</summary>
    [Fact]
    public async Task Paused_feed_is_shown_on_the_front_page_with_its_reason_and_resumed_from_there()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "pausedpage");
        await tenant.Admin.PutJsonAsync("/api/tenants/pausedpage/feed/settings", new { hold = new { percent = 20, minimum = 10 }, pauseAfterFailedFiles = 1 });
        await tenant.ImportAsync("Mail,Name\r\nann@paused.example,Ann\r\n");
        var page = await browser.NewPageAsync();

        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        var notice = page.GetByRole(AriaRole.Alert).Filter(new() { HasTextString = "The feed is paused" });
        await Expect(notice).ToContainTextAsync("1 files in a row failed");
        await notice.GetByRole(AriaRole.Button, new() { Name = "Resume the feed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "Resumed" })).ToBeVisibleAsync();

        var pause = (await tenant.Admin.GetJsonAsync("/api/tenants/pausedpage/feed/health")).GetProperty("pause");
        Assert.False(pause.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Webhook_is_added_from_the_settings_its_secret_shown_once_and_a_bad_url_shown_next_to_its_field()
    {
        var (tenant, page) = await SettingsOfANewTenantAsync("hookpage");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add a webhook" });
        await form.GetByLabel("Name").FillAsync("ops");
        await form.GetByLabel("URL").FillAsync("http://hooks.example/udf");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(await page.ErrorOfAsync(form.GetByLabel("URL"))).ToContainTextAsync("https");

        await form.GetByLabel("URL").FillAsync("https://hooks.example/udf");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await Expect(form.Locator("code.secret")).ToContainTextAsync("whsec_");

        var hook = await tenant.Admin.GetJsonAsync("/api/tenants/hookpage/feed/webhooks/ops");
        Assert.Equal("https://hooks.example/udf", hook.Str("url"));
        Assert.DoesNotContain("import.completed", hook.Strings("events"));
        Assert.Contains("import.failed", hook.Strings("events"));
        await page.ReloadAsync();
        await Expect(page.GetByText("Deliveries of ops")).ToBeVisibleAsync();
        await Expect(page.Locator("code.secret")).ToHaveCountAsync(0);
    }

    private async Task<(FeedTenant Tenant, IPage Page)> SettingsOfANewTenantAsync(string tenantId)
    {
        var tenant = await FeedTenant.CreateAsync(Service, tenantId);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Settings", "Settings");
        return (tenant, page);
    }

    [Fact]
    public async Task Page_is_served_with_security_headers_and_the_token_travels_only_in_the_authorization_header()
    {
        using var anonymous = new HttpClient { BaseAddress = Service.Address };
        using var response = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync());

        var tenant = await FeedTenant.CreateAsync(Service, "headers");
        var token = AdminPageSteps.TokenOf(tenant.Admin);
        var page = await browser.NewPageAsync();
        var requests = new List<IRequest>();
        page.Request += (_, request) => requests.Add(request);
        await page.SignInAsync(tenant.TenantId, token);
        await page.OpenAsync("Users", "Users");

        Assert.All(requests, r => Assert.StartsWith(Service.Address.ToString(), r.Url));
        Assert.All(requests, r => Assert.DoesNotContain(token, r.Url));
        var apiCalls = requests.Where(r => r.Url.Contains("/api/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        foreach (var call in apiCalls)
        {
            Assert.Equal($"Bearer {token}", await call.HeaderValueAsync("authorization"));
            Assert.Null(await call.HeaderValueAsync("cookie"));
        }

        Assert.DoesNotContain(token, page.Url);
        Assert.Empty(await page.Context.CookiesAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }).WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("sessionStorage.length"));
    }

    [Fact]
    public async Task Groups_show_their_members_and_a_platform_member_is_added_and_removed_from_the_page()
    {
        var mapping = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["groups"] = "Groups" };
        var tenant = await FeedTenant.CreateAsync(Service, "groupspage", mapping);
        await tenant.ImportAsync("Email,First,Last,Groups\r\nann@groupspage.example,Ann,Lee,Sales|Onboarding\r\nbob@groupspage.example,Bob,Ray,sales\r\ncat@groupspage.example,Cat,Poe,\r\n");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));

        await page.OpenAsync("Settings", "Settings");
        Assert.Equal("Groups", await page.GetByLabel("Groups", new() { Exact = true }).InputValueAsync()); // the mapping's new option
        await Expect(page.Locator("main")).ToContainTextAsync("memberships added on the platform are never removed by the feed");

        await page.OpenAsync("Groups", "Groups");
        var sales = page.Locator("tr[data-group]", new() { HasTextString = "Sales" });
        await sales.GetByRole(AriaRole.Link, new() { Name = "Sales" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sales", Exact = true }).WaitForAsync();
        await Expect(page.Locator("p[data-members]")).ToHaveTextAsync("2 members");
        await Expect(page.Locator("tr[data-member]")).ToHaveCountAsync(2);
        await Expect(page.Locator("tr[data-member='ann@groupspage.example']")).ToContainTextAsync("the feed");

        await page.GetByLabel("Add a member (platform)").FillAsync("zed@groupspage.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("has no user 'zed@groupspage.example'");
        await page.GetByLabel("Add a member (platform)").FillAsync("cat@groupspage.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-member='cat@groupspage.example']")).ToContainTextAsync("the platform");
        await Expect(page.Locator("p[data-members]")).ToHaveTextAsync("3 members");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(page.Locator("section[aria-label='Members']")).Not.ToContainTextAsync("null");
        await page.ScreenshotAsync("group-members");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove cat@groupspage.example (platform)" }).ClickAsync();
        await Expect(page.Locator("tr[data-member]")).ToHaveCountAsync(2);
        Assert.Equal(["ann@groupspage.example", "bob@groupspage.example"], (await tenant.UsersAsync()).Where(u => u.Value.Strings("groups").Length > 0 && u.Value.Strings("groups").Any(g => g.StartsWith("sales-", StringComparison.Ordinal))).Select(u => u.Key).Order());

        await tenant.ImportAsync("Email,First,Last,Groups\r\nann@groupspage.example,Ann,Lee,Sales\r\nbob@groupspage.example,Bob,Ray,sales\r\ncat@groupspage.example,Cat,Poe,\r\n");
        await page.OpenAsync("Groups", "Groups");
        await Expect(page.Locator("tr[data-group]")).ToHaveCountAsync(2);
        await page.ScreenshotAsync("groups");
        await page.Locator("tr[data-group]", new() { HasTextString = "Onboarding" }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("p[data-members]")).ToHaveTextAsync("No member: the group is kept (learning may be assigned to it).");
    }

    [Fact]
    public async Task Users_are_filtered_by_who_created_them_found_by_email_and_readable_on_a_phone()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "userspage");
        await tenant.ImportAsync(HrFile.Users("users.example", 3));
        await tenant.PutPlatformUserAsync("pat@users.example", "Administrator");

        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.ScreenshotAsync("glance-phone");
        await page.OpenAsync("Users", "Users");
        Assert.Equal(4, await page.Locator("tbody tr").CountAsync());
        await Expect(page.Locator("main")).Not.ToContainTextAsync("null"); // the last page ends with no stray value

        await page.GetByLabel("Created by").SelectOptionAsync("platform");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('tbody tr').length === 1");
        Assert.Equal("pat@users.example", await page.Locator("tbody tr td").First.InnerTextAsync());
        await page.ScreenshotAsync("users-phone");

        await page.GetByLabel("Find by email").FillAsync("u1@users.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Fïrst1 Lâst1" }).WaitForAsync();
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("feed");
    }

    [Fact]
    public async Task Wizard_over_a_saved_mapping_keeps_its_groups_and_a_scope_rule_whose_column_the_sample_lacks_is_shown_broken_and_kept()
    {
        var mapping = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["groups"] = "Teams" };
        var tenant = await FeedTenant.CreateAsync(Service, "wizardkeeps", mapping);
        await tenant.Admin.PutJsonAsync("/api/tenants/wizardkeeps/feed/mapping", new { fields = mapping, scope = new[] { new { column = "Worker Type", @in = new[] { "Employee" } } } });
        const string sample = "Email,First,Last,Teams,Type\r\nann@wizardkeeps.example,Ann,Lee,Sales,Employee\r\n";
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Set up", "Set up the feed");
        await page.ReadSampleInTheWizardAsync(sample);

        Assert.Equal("Teams", await page.GetByLabel("Groups", new() { Exact = true }).InputValueAsync());
        var rule = page.Locator(".scope-rule[data-broken]");
        await Expect(rule).ToContainTextAsync("reads the column \"Worker Type\", which the sample does not have");
        await Expect(rule.GetByLabel("Scope rule 1: values")).ToHaveValueAsync("Employee");
        await Expect(rule.GetByLabel("Scope rule 1: column").Locator("option:checked")).ToHaveTextAsync("Worker Type (not in the sample)");
        await page.ScreenshotAsync("setup-broken-scope");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "4. Connection details" }).WaitForAsync();

        var saved = await tenant.Admin.GetJsonAsync("/api/tenants/wizardkeeps/feed/mapping");
        Assert.Equal("Teams", saved.GetProperty("fields").Str("groups"));
        var kept = Assert.Single(saved.GetProperty("scope").EnumerateArray());
        Assert.Equal("Worker Type", kept.Str("column"));
        Assert.Equal(["Employee"], kept.Strings("in"));

        // Dropping the rule is the admin's own, explicit choice.
        await page.ReloadAsync();
        await page.ReadSampleInTheWizardAsync(sample);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove scope rule 1" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "4. Connection details" }).WaitForAsync();
        saved = await tenant.Admin.GetJsonAsync("/api/tenants/wizardkeeps/feed/mapping");
        Assert.Empty(saved.GetProperty("scope").EnumerateArray());
        Assert.Equal("Teams", saved.GetProperty("fields").Str("groups"));
    }

    [Fact]
    public async Task Wizard_with_two_keys_issued_shows_them_and_finishes_or_revokes_one_there_to_issue_a_new_one()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "twokeys");
        var (_, _, secondKey, _) = await tenant.Admin.IssueKeyAsync("twokeys");
        const string sample = "Email,First,Last\r\nann@twokeys.example,Ann,Lee\r\n";
        var page = await browser.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Set up", "Set up the feed");
        await page.ReadSampleInTheWizardAsync(sample);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();

        var main = page.Locator("main");
        await Expect(main).ToContainTextAsync("already holds two keys");
        await Expect(page.Locator("li[data-key-id]")).ToHaveCountAsync(2);
        await Expect(main).Not.ToContainTextAsync("Conflict");
        await page.ScreenshotAsync("setup-two-keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep the existing keys — finish" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Done" }).WaitForAsync();

        await page.ReloadAsync();
        await page.ReadSampleInTheWizardAsync(sample);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save mapping" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke key {secondKey}" }).ClickAsync();
        await Expect(page.Locator("li[data-key-id]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a second key" }).ClickAsync();
        await Expect(page.Locator("[data-key='secretAccessKey']")).Not.ToBeEmptyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied the secret — finish" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Done" }).WaitForAsync();
        var keys = (await tenant.Admin.GetJsonAsync("/api/tenants/twokeys/feed/connection")).GetProperty("keys").EnumerateArray().Select(k => k.Str("accessKeyId")).ToList();
        Assert.Equal(2, keys.Count);
        Assert.DoesNotContain(secondKey, keys);
    }

    [Fact]
    public async Task Glance_import_and_dry_run_read_in_plain_words_with_the_spreadsheets_row_numbers_and_each_row_errors_user()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "plainwords");
        var settings = System.Text.Json.Nodes.JsonNode.Parse((await tenant.Admin.GetJsonAsync("/api/tenants/plainwords/feed/settings")).GetRawText())!;
        settings["staleAfter"] = "2.00:00:00";
        await tenant.Admin.PutJsonAsync("/api/tenants/plainwords/feed/settings", settings);
        var file = HrFile.Header + "ann@plainwords.example,Ann,Lee,1,,,E1,Sales\r\nbob@plainwords.example,,Ray,1,,,E2,Ops\r\n";
        await tenant.ImportAsync(file);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        var main = page.Locator("main");
        string[] apiNames = ["completedWithErrors", "pendingDeactivation", "outOfScope", "2.00:00:00"];

        await Expect(main).ToContainTextAsync("Completed with row errors");
        await Expect(main).ToContainTextAsync("stale after 2 days");
        await Expect(main).Not.ToContainTextAsync("null");
        foreach (var name in apiNames)
        {
            await Expect(main).Not.ToContainTextAsync(name);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "details" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Import", Exact = true }).WaitForAsync();
        var error = page.Locator("section.issues tbody tr");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error.Locator("td").Nth(0)).ToHaveTextAsync("3"); // the file's third line: data row 2 under the header
        await Expect(error.Locator("td").Nth(1)).ToHaveTextAsync("bob@plainwords.example");
        await Expect(main).ToContainTextAsync("the user each names was left as they were");
        await Expect(main).Not.ToContainTextAsync("null");
        foreach (var name in apiNames)
        {
            await Expect(main).Not.ToContainTextAsync(name);
        }

        await page.ScreenshotAsync("import-row-errors");

        await page.OpenAsync("Run history", "Run history");
        await page.Locator("#dry-run-file").SetInputFilesAsync(new FilePayload { Name = "next.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(file) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Dry run" }).ClickAsync();
        var verdict = page.Locator("[data-verdict]");
        await Expect(verdict).ToHaveAttributeAsync("data-verdict", "errors");
        await Expect(verdict).ToContainTextAsync("except for 1 row error");
        await Expect(page.Locator("p.success")).ToHaveCountAsync(0);
        await Expect(page.Locator("section.issues tbody tr td").First).ToHaveTextAsync("3");
        await Expect(main).Not.ToContainTextAsync("null");

        // Staleness is set in days or hours, not as the API's "d.hh:mm:ss".
        await page.OpenAsync("Settings", "Settings");
        var stale = page.GetByLabel("Stale after", new() { Exact = true });
        await Expect(stale).ToHaveValueAsync("2");
        await Expect(page.GetByLabel("Stale after: unit")).ToHaveValueAsync("days");
        await stale.FillAsync("36");
        await page.GetByLabel("Stale after: unit").SelectOptionAsync("hours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await page.GetByText("Saved.").WaitForAsync();
        Assert.Equal("1.12:00:00", (await tenant.Admin.GetJsonAsync("/api/tenants/plainwords/feed/settings")).Str("staleAfter"));
    }

    [Fact]
    public async Task Failed_import_shows_its_reason_with_the_files_columns_on_the_glance_page_and_links_to_the_mapping()
    {
        var tenant = await FeedTenant.CreateAsync(Service, "failedpage");
        await tenant.ImportAsync("Mail,Name\r\nann@failedpage.example,Ann\r\n");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));

        var card = page.Locator("section[aria-labelledby='g-import']");
        await Expect(card.Locator(".badge")).ToHaveTextAsync("Failed");
        await Expect(card).ToContainTextAsync("Mapped column(s) missing from the header: 'Email'");
        await Expect(card).ToContainTextAsync("The file's columns: 'Mail', 'Name'.");
        await Expect(card.Locator("[data-count]")).ToHaveCountAsync(0); // no row of zeros for a file that was not read
        await Expect(page.Locator("main")).Not.ToContainTextAsync("null");
        await page.ScreenshotAsync("glance-failed");

        await card.GetByRole(AriaRole.Link, new() { Name = "details" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "change the mapping in Settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Settings", Exact = true }).WaitForAsync();
    }

    [Fact]
    public async Task A_users_groups_and_history_show_the_groups_names()
    {
        var mapping = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["groups"] = "Groups" };
        var tenant = await FeedTenant.CreateAsync(Service, "groupnames", mapping);
        await tenant.ImportAsync("Email,First,Last,Groups\r\nann@groupnames.example,Ann,Lee,Engineering|Sales\r\n");
        var page = await browser.NewPageAsync();
        await page.SignInAsync(tenant.TenantId, AdminPageSteps.TokenOf(tenant.Admin));
        await page.OpenAsync("Users", "Users");
        await page.GetByLabel("Find by email").FillAsync("ann@groupnames.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();

        await Expect(page.Locator("[data-groups]")).ToHaveTextAsync("Engineering, Sales");
        await Expect(page.Locator("ol.history li[data-field='groups']")).ToHaveTextAsync("Groups: — → Engineering, Sales");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("engineering-");
    }

    [Fact]
    public async Task A_refused_sign_in_is_explained_in_plain_words()
    {
        await Service.OnboardTenantAsync("signinwords");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Tenant id").FillAsync("signinwords");
        await page.GetByLabel("Token").FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("This token is not valid");
        await Expect(alert).Not.ToContainTextAsync("Authorization");
    }
}
