using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>The grace period (tenant setting <c>deactivateAfterMissingFiles</c>) through HTTP, S3 and the stores.</summary>
public sealed class GracePeriodEndToEndTests
{
    private static readonly Dictionary<string, string> Fields = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    private const string Header = "Email,First,Last\r\n";
    private const string Ann = "ann@grace.example,Ann,Lee\r\n";
    private const string Bob = "bob@grace.example,Bob,Ray\r\n";

    [Fact]
    public async Task User_missing_from_two_files_in_a_row_is_pending_after_the_first_and_deactivated_on_the_second()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "grace", Fields);
        var settings = await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings",
            new { hold = new { percent = 20, minimum = 10 }, deactivateAfterMissingFiles = 2 });
        Assert.Equal(2, settings.GetProperty("deactivateAfterMissingFiles").GetInt32());
        await tenant.ImportAsync(Header + Ann + Bob);

        var missedOnce = await tenant.ImportAsync(Header + Ann);
        var pending = (await tenant.UsersAsync())["bob@grace.example"];
        var report = JsonDocument.Parse(await tenant.ReadAsTenantAsync(Adapters.S3.BucketLayout.ResultKey(missedOnce.Str("importId")))).RootElement;
        var missedTwice = await tenant.ImportAsync(Header + Ann);
        var left = (await tenant.UsersAsync())["bob@grace.example"];
        var back = await tenant.ImportAsync(Header + Ann + Bob);
        var returned = (await tenant.UsersAsync())["bob@grace.example"];

        Assert.Equal((1, 0), (missedOnce.Count("pendingDeactivation"), missedOnce.Count("deactivated")));
        Assert.Equal(1, report.GetProperty("counts").GetProperty("pendingDeactivation").GetInt32());
        Assert.Equal(("active", 1), (pending.Str("status"), pending.GetProperty("missedFiles").GetInt32()));
        Assert.Equal((0, 1), (missedTwice.Count("pendingDeactivation"), missedTwice.Count("deactivated")));
        Assert.Equal(("inactive", 2), (left.Str("status"), left.GetProperty("missedFiles").GetInt32()));
        Assert.Equal(1, back.Count("reactivated"));
        Assert.Equal(("active", 0), (returned.Str("status"), returned.GetProperty("missedFiles").GetInt32()));
    }

    [Fact]
    public async Task Reappearing_before_the_last_missed_file_resets_the_count_and_a_bad_setting_is_refused()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "grace2", Fields);
        var refused = await (await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings",
            new { hold = new { percent = 20, minimum = 10 }, deactivateAfterMissingFiles = 0 })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("deactivateAfterMissingFiles", out _));
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, deactivateAfterMissingFiles = 2 });
        await tenant.ImportAsync(Header + Ann + Bob);

        await tenant.ImportAsync(Header + Ann);
        var back = await tenant.ImportAsync(Header + Ann + Bob);
        var missedAgain = await tenant.ImportAsync(Header + Ann);

        Assert.Equal(1, back.Count("updated")); // the count of missed files went back to 0
        Assert.Equal((1, 0), (missedAgain.Count("pendingDeactivation"), missedAgain.Count("deactivated")));
        Assert.Equal("active", (await tenant.UsersAsync())["bob@grace.example"].Str("status"));
    }
}
