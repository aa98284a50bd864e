using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.IntegrationTests;

/// <summary>Webhooks (issue 16): signed events from a durable outbox, retried with back-off, their attempts visible.</summary>
public sealed class WebhookTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    private const string BadFile = "Mail,Name\r\nann@hooks.example,Ann\r\n";

    private static readonly string[] AllEvents =
        ["import.completed", "import.completedWithErrors", "import.failed", "import.held", "feed.stale", "feed.paused"];

    private static string Users(int count, string extra = "") =>
        "Email,First,Last\r\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"u{i}@hooks.example,U{i},Lee\r\n")) + extra;

    /// <summary>Fast sender timings, and http to the loopback receiver allowed.</summary>
    internal static void FastWebhooks(Dictionary<string, string?> settings)
    {
        settings["Webhooks:AllowHttpLoopback"] = "true";
        settings["Webhooks:SendInterval"] = "00:00:00.100";
        settings["Webhooks:RetryDelay"] = "00:00:00.200";
        settings["Webhooks:MaxRetryDelay"] = "00:00:01";
        settings["Webhooks:Timeout"] = "00:00:02";
    }

    private static async Task<string> AddWebhookAsync(HttpClient admin, string tenantId, string name, string url, params string[] events)
    {
        var created = await admin.PutJsonAsync($"/api/tenants/{tenantId}/feed/webhooks/{name}", new { url, events }, HttpStatusCode.Created);
        return created.Str("secret");
    }

    private static async Task<List<JsonElement>> DeliveriesAsync(HttpClient admin, string tenantId, string name) =>
        [.. (await admin.GetJsonAsync($"/api/tenants/{tenantId}/feed/webhooks/{name}/deliveries")).GetProperty("items").EnumerateArray()];

    /// <summary>The webhook's deliveries once none is pending (or after a minute).</summary>
    private static async Task<List<JsonElement>> SettledDeliveriesAsync(HttpClient admin, string tenantId, string name, int count)
    {
        for (var i = 0; ; i++)
        {
            var deliveries = await DeliveriesAsync(admin, tenantId, name);
            if ((deliveries.Count >= count && deliveries.All(d => d.Str("status") != "pending")) || i == 600)
            {
                return deliveries;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Receiver_gets_each_event_of_the_feed_once_with_a_valid_signature_and_the_import_summary()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(FastWebhooks, s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await FeedTenant.CreateAsync(service, "hooks", Mapping);
        var secret = await AddWebhookAsync(tenant.Admin, "hooks", "ops", receiver.Url, AllEvents);

        var completed = await tenant.ImportAsync(Users(20));
        var withErrors = await tenant.ImportAsync(Users(20, "not-an-email,Bad,Row\r\n"));
        var held = await tenant.ImportAsync(Users(2));
        await tenant.Admin.PostAsync($"/api/tenants/hooks/feed/imports/{held.Str("importId")}/reject", HttpStatusCode.OK);
        await tenant.Admin.PutJsonAsync("/api/tenants/hooks/feed/settings", new { hold = new { percent = 20, minimum = 10 }, pauseAfterFailedFiles = 1, staleAfter = "01:00:00" });
        var failed = await tenant.ImportAsync(BadFile);
        await SettledDeliveriesAsync(tenant.Admin, "hooks", "ops", 5);
        // One event more, queued after those five were delivered: once it is delivered too, the sender has gone past them, so a repeat would be in.
        clock.Advance(TimeSpan.FromHours(2));
        await tenant.Admin.QueuePollAsync("hooks");
        var deliveries = await SettledDeliveriesAsync(tenant.Admin, "hooks", "ops", 6);
        var requests = receiver.Requests;

        Assert.Equal(("completed", "completedWithErrors", "held", "failed"), (completed.Str("status"), withErrors.Str("status"), held.Str("status"), failed.Str("status")));
        Assert.Equal(6, requests.Count);
        Assert.Equal("feed.stale", requests[5].Event);
        Assert.All(requests, r => Assert.True(r.IsSignedWith(secret), $"{r.Event} is not signed with the webhook's secret: {r.Signature}"));
        Assert.Equal(["feed.paused", "import.completed", "import.completedWithErrors", "import.failed", "import.held"], requests.Take(5).Select(r => r.Event).Order(StringComparer.Ordinal));
        Assert.Equal(requests.Select(r => r.Event), requests.Select(r => r.Json.Str("event")));
        Assert.Equal(6, requests.Select(r => r.Delivery).Distinct().Count());
        Assert.All(deliveries, d => Assert.Equal(("delivered", 1), (d.Str("status"), d.GetProperty("attemptCount").GetInt32())));

        var of = requests.ToDictionary(r => r.Event, r => r.Json); // events close together may arrive in any order
        var first = of["import.completed"];
        Assert.Equal(("hooks", completed.Str("importId"), "completed"), (first.Str("tenantId"), first.GetProperty("import").Str("importId"), first.GetProperty("import").Str("status")));
        Assert.Equal(20, first.GetProperty("import").GetProperty("counts").GetProperty("created").GetInt32());
        Assert.Equal($"/api/tenants/hooks/feed/imports/{completed.Str("importId")}", first.GetProperty("links").Str("record"));
        Assert.EndsWith($"/results/{completed.Str("importId")}.json", first.GetProperty("links").Str("report"), StringComparison.Ordinal);
        Assert.Equal(1, of["import.completedWithErrors"].GetProperty("import").GetProperty("counts").GetProperty("errors").GetInt32());
        Assert.Equal(held.Str("reason"), of["import.held"].GetProperty("import").Str("reason"));
        Assert.Contains("1 files in a row failed", of["feed.paused"].GetProperty("feed").Str("reason"), StringComparison.Ordinal);
        Assert.Equal(failed.Str("importId"), of["import.failed"].GetProperty("import").Str("importId"));
        Assert.Equal(failed.Str("importId"), of["feed.paused"].GetProperty("import").Str("importId"));
        Assert.All(requests, r => Assert.DoesNotContain("not-an-email", r.Body, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain(secret, r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receiver_that_fails_twice_then_accepts_gets_the_event_on_the_third_attempt_and_the_attempts_are_listed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? 500 : 200;
        await using var service = await TestService.StartAsync(FastWebhooks);
        var tenant = await FeedTenant.CreateAsync(service, "hooks-retry", Mapping);
        var secret = await AddWebhookAsync(tenant.Admin, "hooks-retry", "flaky", receiver.Url, "import.completed");

        var import = await tenant.ImportAsync(Users(3));
        var delivery = Assert.Single(await SettledDeliveriesAsync(tenant.Admin, "hooks-retry", "flaky", 1));
        var requests = receiver.Requests;

        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.True(r.IsSignedWith(secret)));
        Assert.Single(requests.Select(r => r.Delivery).Distinct());
        Assert.Equal(import.Str("importId"), requests[2].Json.GetProperty("import").Str("importId"));
        Assert.Equal(("delivered", 3, "import.completed"), (delivery.Str("status"), delivery.GetProperty("attemptCount").GetInt32(), delivery.Str("event")));
        Assert.Equal([500, 500, 200], delivery.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(requests[0].Delivery, delivery.Str("eventId"));
    }

    [Fact]
    public async Task Stale_feed_is_sent_once_with_its_last_file_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(FastWebhooks, s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await FeedTenant.CreateAsync(service, "hooks-stale", Mapping);
        var secret = await AddWebhookAsync(tenant.Admin, "hooks-stale", "ops", receiver.Url, "feed.stale", "import.completed");
        await tenant.Admin.PutJsonAsync("/api/tenants/hooks-stale/feed/settings", new { hold = new { percent = 20, minimum = 10 }, staleAfter = "01:00:00" });

        clock.Advance(TimeSpan.FromHours(2)); // past staleAfter with no file
        await tenant.Admin.QueuePollAsync("hooks-stale"); // a poll checks the tenant's health before it answers
        await tenant.Admin.QueuePollAsync("hooks-stale"); // reported at most once a day: no second event
        await SettledDeliveriesAsync(tenant.Admin, "hooks-stale", "ops", 1);
        // An event queued after the stale one and delivered: the sender has gone past the stale event, so a repeat would be in.
        var later = await tenant.ImportAsync(Users(1));
        var deliveries = await SettledDeliveriesAsync(tenant.Admin, "hooks-stale", "ops", 2);
        var requests = receiver.Requests;

        Assert.Equal("completed", later.Str("status"));
        Assert.Equal(["feed.stale", "import.completed"], deliveries.Select(d => d.Str("event")).Order(StringComparer.Ordinal));
        Assert.Equal(["feed.stale", "import.completed"], requests.Select(r => r.Event));
        var stale = requests[0];
        Assert.True(stale.IsSignedWith(secret));
        Assert.True(stale.Json.GetProperty("feed").GetProperty("stale").GetBoolean());
        Assert.Equal("01:00:00", stale.Json.GetProperty("feed").Str("staleAfter"));
        Assert.Equal("/api/tenants/hooks-stale/feed/health", stale.Json.GetProperty("links").Str("health"));
    }

    [Fact]
    public async Task Bad_url_unknown_event_and_bad_name_are_400_unknown_webhook_is_404_and_the_secret_is_shown_once()
    {
        await using var service = await TestService.StartAsync(); // no Webhooks:AllowHttpLoopback
        var admin = await service.OnboardTenantAsync("hooks-bad");
        var path = "/api/tenants/hooks-bad/feed/webhooks";
        string[] events = ["import.failed"];

        foreach (var url in new[] { "http://127.0.0.1:9/hook", "http://hooks.example/udf", "ftp://hooks.example/udf", "not a url", "https://user:pw@hooks.example/udf", "" })
        {
            var problem = await admin.PutJsonAsync($"{path}/ops", new { url, events }, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), $"'{url}' was not refused for its url: {problem}");
        }

        var loopback = await admin.PutJsonAsync($"{path}/ops", new { url = "http://127.0.0.1:9/hook", events }, HttpStatusCode.BadRequest);
        Assert.Contains("Webhooks:AllowHttpLoopback", loopback.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        var unknown = await admin.PutJsonAsync($"{path}/ops", new { url = "https://hooks.example/udf", events = new[] { "import.failed", "import.exploded" } }, HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("events[1]", out _));
        await admin.PutJsonAsync($"{path}/ops", new { url = "https://hooks.example/udf", events = Array.Empty<string>() }, HttpStatusCode.BadRequest);
        await admin.PutJsonAsync($"{path}/Not%20A%20Name", new { url = "https://hooks.example/udf", events }, HttpStatusCode.BadRequest);
        await admin.GetJsonAsync($"{path}/ops", HttpStatusCode.NotFound);
        await admin.GetJsonAsync($"{path}/ops/deliveries", HttpStatusCode.NotFound);

        var created = await admin.PutJsonAsync($"{path}/ops", new { url = "https://hooks.example/udf", events }, HttpStatusCode.Created);
        var read = await admin.GetJsonAsync($"{path}/ops");
        var changed = await admin.PutJsonAsync($"{path}/ops", new { url = "https://hooks.example/v2", events = new[] { "import.failed", "feed.paused" } });
        var rotated = await admin.PutJsonAsync($"{path}/ops", new { url = "https://hooks.example/v2", events, rotateSecret = true });
        var listed = await admin.GetJsonAsync(path);
        (await admin.DeleteAsync($"{path}/ops")).EnsureSuccessStatusCode();
        var audit = (await admin.GetJsonAsync("/api/tenants/hooks-bad/feed/audit")).GetProperty("items").EnumerateArray().ToList();

        Assert.StartsWith("whsec_", created.Str("secret"), StringComparison.Ordinal);
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.False(changed.TryGetProperty("secret", out _));
        Assert.Equal(["import.failed", "feed.paused"], changed.Strings("events"));
        Assert.NotEqual(created.Str("secret"), rotated.Str("secret"));
        Assert.False(listed.GetProperty("items")[0].TryGetProperty("secret", out _));
        await admin.GetJsonAsync($"{path}/ops", HttpStatusCode.NotFound);
        Assert.Equal(["webhook.deleted", "webhook.saved", "webhook.saved", "webhook.saved"], audit.Take(4).Select(e => e.Str("action")));
        Assert.Contains("secret rotated", audit[1].Str("changes"), StringComparison.Ordinal);
        Assert.Contains("url: https://hooks.example/udf → https://hooks.example/v2", audit[2].Str("changes"), StringComparison.Ordinal);
        Assert.Contains("secret issued", audit[3].Str("changes"), StringComparison.Ordinal);
        Assert.All(audit, e => Assert.DoesNotContain("whsec_", e.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Name_with_a_trailing_newline_is_400_with_the_name_rule_and_reads_as_no_webhook()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("hooks-newline");
        var path = "/api/tenants/hooks-newline/feed/webhooks";

        var problem = await admin.PutJsonAsync($"{path}/hook%0A", new { url = "https://hooks.example.com/udf", events = new[] { "import.failed" } }, HttpStatusCode.BadRequest);
        await admin.GetJsonAsync($"{path}/hook%0A", HttpStatusCode.NotFound);
        await admin.GetJsonAsync($"{path}/hook%0A/deliveries", HttpStatusCode.NotFound);
        var deleted = await admin.DeleteAsync($"{path}/hook%0A");

        Assert.Contains("1–40 characters", problem.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.Empty((await admin.GetJsonAsync(path)).GetProperty("items").EnumerateArray());
    }
}
