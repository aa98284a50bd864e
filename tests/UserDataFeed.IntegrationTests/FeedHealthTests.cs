using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Service.Import;

namespace UserDataFeed.IntegrationTests;

/// <summary>The staleAfter setting, stale-feed reports (once, not every poll) and GET …/feed/health.</summary>
public sealed class FeedHealthTests
{
    private const string StaleAfter = "01:00:00";
    private static readonly TimeSpan PastStaleAfter = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    [Fact]
    public async Task A_stale_tenant_is_reported_once_shows_stale_in_its_health_and_a_fresh_file_clears_it()
    {
        var captured = new CapturedTelemetry();
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s =>
        {
            captured.AddTo(s);
            s.AddSingleton<TimeProvider>(clock);
        });
        var tenant = await FeedTenant.CreateAsync(service, "stale-feed", Mapping);
        using var reports = new MeasurementsOf("udf.feed.stale", tenant.TenantId);
        await tenant.Admin.PutJsonAsync(SettingsPath(tenant), new { hold = new { percent = 20, minimum = 10 }, staleAfter = StaleAfter });
        var first = await tenant.ImportAsync("Email,First,Last\nann@stale.example,Ann,Lee\n");

        var fresh = await HealthAsync(tenant);
        Assert.False(fresh.GetProperty("stale").GetBoolean());
        Assert.Equal((first.Str("fileKey"), first.Str("importId"), "completed"),
            (fresh.GetProperty("lastFile").Str("key"), fresh.GetProperty("lastImport").Str("importId"), fresh.GetProperty("lastImport").Str("status")));

        clock.Advance(PastStaleAfter);
        await tenant.Admin.PollAsync(tenant.TenantId);
        await tenant.Admin.PollAsync(tenant.TenantId);
        await tenant.Admin.PollAsync(tenant.TenantId);

        var stale = await HealthAsync(tenant);
        Assert.True(stale.GetProperty("stale").GetBoolean());
        Assert.Equal(StaleAfter, stale.Str("staleAfter"));
        Assert.Equal(JsonValueKind.String, stale.GetProperty("staleReportedAt").ValueKind);
        Assert.Equal(1, reports.Total);
        CapturedTelemetry.Flush(service.App.Services);
        Assert.Equal(1, captured.Sum("udf.feed.stale", tenant.TenantId));

        // A fresh file clears it; staleness after that is a new report.
        var second = await tenant.ImportAsync("Email,First,Last\nann@stale.example,Ann,Lee\nbob@stale.example,Bob,Ray\n");
        var cleared = await HealthAsync(tenant);
        Assert.False(cleared.GetProperty("stale").GetBoolean());
        Assert.Equal(second.Str("fileKey"), cleared.GetProperty("lastFile").Str("key"));
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("staleReportedAt").ValueKind);

        clock.Advance(PastStaleAfter);
        await tenant.Admin.PollAsync(tenant.TenantId);
        Assert.Equal(2, reports.Total);
    }

    [Fact]
    public async Task Health_shows_the_last_import_held_imports_and_key_ages_and_a_tenant_without_staleAfter_is_never_stale()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "health", Mapping);
        var empty = await HealthAsync(tenant);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("lastFile").ValueKind);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("staleAfter").ValueKind);
        Assert.False(empty.GetProperty("stale").GetBoolean());

        var record = await tenant.ImportAsync("Email,First,Last\nann@health.example,Ann,Lee\nnot-an-email,Bob,Ray\n");
        var health = await HealthAsync(tenant);
        var connection = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/connection");

        var last = health.GetProperty("lastImport");
        Assert.Equal((record.Str("importId"), "completedWithErrors", 1, 1), (last.Str("importId"), last.Str("status"), last.Count("created"), last.Count("errors")));
        Assert.Equal(JsonValueKind.String, last.GetProperty("finishedAt").ValueKind);
        Assert.Empty(health.GetProperty("heldImportIds").EnumerateArray());
        var key = Assert.Single(health.GetProperty("keys").EnumerateArray());
        Assert.Equal(connection.GetProperty("keys")[0].Str("accessKeyId"), key.Str("accessKeyId"));
        Assert.True(TimeSpan.Parse(key.Str("age"), System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5));
        Assert.DoesNotContain("secret", health.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client(null).GetAsync($"/api/tenants/{tenant.TenantId}/feed/health")).StatusCode);
    }

    [Fact]
    public async Task StaleAfter_is_a_feed_setting_validated_with_a_field_error()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("stale-settings");
        var path = $"/api/tenants/stale-settings/feed/settings";
        var hold = new { percent = 20, minimum = 10 };

        Assert.Equal(JsonValueKind.Null, (await admin.GetJsonAsync(path)).GetProperty("staleAfter").ValueKind);
        var saved = await admin.PutJsonAsync(path, new { hold, staleAfter = "2.00:00:00" });
        Assert.Equal("2.00:00:00", saved.Str("staleAfter"));
        Assert.Equal("2.00:00:00", (await admin.GetJsonAsync(path)).Str("staleAfter"));

        foreach (var bad in new object[] { "2 days", "00:00:00", "-1.00:00:00", "400.00:00:00" })
        {
            var problem = await admin.PutJsonAsync(path, new { hold, staleAfter = bad }, HttpStatusCode.BadRequest);
            Assert.Contains("staleAfter must be a duration such as \"2.00:00:00\"", problem.GetProperty("errors").GetProperty("staleAfter")[0].GetString(), StringComparison.Ordinal);
        }

        var number = await admin.PutJsonAsync(path, new { hold, staleAfter = 5 }, HttpStatusCode.BadRequest);
        Assert.Contains("staleAfter", number.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("2.00:00:00", (await admin.GetJsonAsync(path)).Str("staleAfter"));

        var cleared = await admin.PutJsonAsync(path, new { hold, staleAfter = (string?)null });
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("staleAfter").ValueKind);
    }

    [Fact]
    public async Task Two_instances_checking_a_stale_tenant_at_once_report_it_once_between_them()
    {
        var clock = new MovableClock(); // one clock for both: the instances of a deployment agree on the time
        await using var one = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await using var two = await TestService.StartAsync(
            s =>
            {
                foreach (var (key, value) in one.Settings)
                {
                    s[key] = value; // the same tables and buckets: a second instance of the same deployment
                }
            },
            s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await FeedTenant.CreateAsync(one, "stale-twice", Mapping);
        using var reports = new MeasurementsOf("udf.feed.stale", tenant.TenantId); // counts both instances' reports
        await tenant.Admin.PutJsonAsync(SettingsPath(tenant), new { hold = new { percent = 20, minimum = 10 }, staleAfter = StaleAfter });
        clock.Advance(PastStaleAfter); // no file ever: stale an hour after the tenant was created

        var stored = await one.App.Services.GetRequiredService<Adapters.Tables.TenantStore>().GetAsync(tenant.TenantId, CancellationToken.None);
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(
                one.App.Services.GetRequiredService<FeedHealth>().CheckAsync(stored!, CancellationToken.None),
                two.App.Services.GetRequiredService<FeedHealth>().CheckAsync(stored!, CancellationToken.None));
        }

        Assert.Equal(1, reports.Total);
        Assert.True((await HealthAsync(tenant)).GetProperty("stale").GetBoolean());
    }

    private static string SettingsPath(FeedTenant tenant) => $"/api/tenants/{tenant.TenantId}/feed/settings";

    private static Task<JsonElement> HealthAsync(FeedTenant tenant) => tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/health");
}
