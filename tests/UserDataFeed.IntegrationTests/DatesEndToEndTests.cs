using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.IntegrationTests;

/// <summary>Start and end dates (feed rule "dates bound when a user is active") through HTTP, S3, the queue and the stores, with the service's clock moved on.</summary>
public sealed class DatesEndToEndTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["startDate"] = "Start Date", ["endDate"] = "End Date",
    };

    private const string Header = "Email,First,Last,Start Date,End Date\r\n";

    [Fact]
    public async Task Dates_that_pass_with_no_file_deactivate_a_leaver_and_activate_a_joiner_on_one_poll_each()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await FeedTenant.CreateAsync(service, "dated", Fields);
        var settings = await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings",
            new { hold = new { percent = 20, minimum = 10 }, timeZone = "Europe/London" });
        Assert.Equal("Europe/London", settings.Str("timeZone"));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var first = await tenant.ImportAsync(Header
            + $"ann@dated.example,Ann,Lee,2020-03-01,{Day(1)}\r\n"
            + $"new@dated.example,New,Joiner,{Day(3)},\r\n"
            + $"old@dated.example,Old,Timer,2019-01-01,{Day(-1)}\r\n"
            + "bob@dated.example,Bob,Ray,,\r\n");

        Assert.Equal(("completed", 4, 0), (first.Str("status"), first.Count("created"), first.Count("deactivated")));
        var users = await tenant.UsersAsync();
        Assert.Equal(("active", Day(1)), (users["ann@dated.example"].Str("status"), users["ann@dated.example"].Str("endDate")));
        Assert.Equal(("inactive", true), (users["new@dated.example"].Str("status"), users["new@dated.example"].GetProperty("awaitingStart").GetBoolean()));
        Assert.Equal("inactive", users["old@dated.example"].Str("status"));
        Assert.Equal(("startDateToCome", "endDatePassed"), (users["new@dated.example"].Str("inactiveBecause"), users["old@dated.example"].Str("inactiveBecause")));

        clock.Advance(TimeSpan.FromDays(2)); // Ann's last day has ended; the joiner's first day is still to come
        var afterLastDay = await PollUntilAsync(tenant, u => u["ann@dated.example"].Str("status") == "inactive");
        Assert.Equal(("inactive", "endDatePassed"), (afterLastDay["ann@dated.example"].Str("status"), afterLastDay["ann@dated.example"].Str("inactiveBecause")));
        Assert.Equal(("inactive", "active"), (afterLastDay["new@dated.example"].Str("status"), afterLastDay["bob@dated.example"].Str("status")));

        clock.Advance(TimeSpan.FromDays(1));
        var onFirstDay = await PollUntilAsync(tenant, u => u["new@dated.example"].Str("status") == "active");
        Assert.Equal(("active", JsonValueKind.Null), (onFirstDay["new@dated.example"].Str("status"), onFirstDay["new@dated.example"].GetProperty("inactiveBecause").ValueKind));
        Assert.False(onFirstDay["new@dated.example"].GetProperty("awaitingStart").GetBoolean());
        Assert.Equal("inactive", onFirstDay["ann@dated.example"].Str("status"));
        Assert.Single(await tenant.ImportsOnceEndedAsync(1)); // no file was needed

        var rehire = await tenant.ImportAsync(Header
            + "ann@dated.example,Ann,Lee,2020-03-01,\r\n"
            + $"new@dated.example,New,Joiner,{Day(3)},\r\n"
            + $"old@dated.example,Old,Timer,2019-01-01,{Day(-1)}\r\n"
            + "bob@dated.example,Bob,Ray,,\r\n");
        Assert.Equal((1, 3), (rehire.Count("reactivated"), rehire.Count("unchanged")));
        var rehired = (await tenant.UsersAsync())["ann@dated.example"];
        Assert.Equal("active", rehired.Str("status"));
        Assert.Equal(JsonValueKind.Null, rehired.GetProperty("endDate").ValueKind);
        var history = (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/users/ann@dated.example/history")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["end date moved", "end date passed"], history.Take(2).Select(StatusReason)); // the rehire, then the day her end date passed
    }

    private static string? StatusReason(JsonElement entry) =>
        entry.GetProperty("changes").EnumerateArray().Single(c => c.Str("field") == "status").GetProperty("reason").GetString();

    [Fact]
    public async Task A_date_in_another_format_is_a_row_error_and_an_unknown_time_zone_is_refused()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "baddate", Fields);

        var refused = await (await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings",
            new { hold = new { percent = 20, minimum = 10 }, timeZone = "Mars/Olympus_Mons" })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Mars/Olympus_Mons", refused.GetProperty("errors").GetProperty("timeZone")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("UTC", (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings")).Str("timeZone"));

        var import = await tenant.ImportAsync(Header + "ann@baddate.example,Ann,Lee,,31/12/2026\r\nbob@baddate.example,Bob,Ray,,\r\n");

        Assert.Equal(("completedWithErrors", 1, 1), (import.Str("status"), import.Count("created"), import.Count("errors")));
        var error = (await tenant.IssuesAsync(import.Str("importId"))).GetProperty("errors")[0];
        Assert.Equal((1, "End Date", "31/12/2026", "invalid-date"), (error.GetProperty("row").GetInt32(), error.Str("column"), error.Str("value"), error.Str("code")));
        Assert.DoesNotContain("ann@baddate.example", (await tenant.UsersAsync()).Keys);
    }

    /// <summary>Polls the tenant (no new file) until its users are as <paramref name="done"/> says, or a minute has gone.</summary>
    private static async Task<Dictionary<string, JsonElement>> PollUntilAsync(FeedTenant tenant, Func<Dictionary<string, JsonElement>, bool> done)
    {
        var poll = await (await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/poll", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.Empty(poll.GetProperty("importIds").EnumerateArray()); // no file: the dates alone make the check
        for (var i = 0; ; i++)
        {
            var users = await tenant.UsersAsync();
            if (done(users) || i == 600)
            {
                return users;
            }

            await Task.Delay(100);
        }
    }
}
