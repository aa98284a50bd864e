using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.IntegrationTests;

/// <summary>A user's history (<c>GET …/users/{email}/history</c>) through HTTP, S3, the queue and the stores.</summary>
public sealed class HistoryEndToEndTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["externalId"] = "Employee Id",
    };

    private const string Header = "Email,First,Last,Employee Id\r\n";
    private const string Others = "bob@hist.example,Bob,Ray,E2\r\ncat@hist.example,Cat,Poe,E3\r\n";

    [Fact]
    public async Task History_lists_create_change_leave_rehire_and_email_change_with_each_import_and_reason_then_a_platform_edit()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "hist", Fields);

        var created = await tenant.ImportAsync(Header + "ann@hist.example,Ann,Lee,E1\r\n" + Others);
        var changed = await tenant.ImportAsync(Header + "ann@hist.example,Annie,Lee,E1\r\n" + Others);
        var left = await tenant.ImportAsync(Header + Others);
        var rehired = await tenant.ImportAsync(Header + "ann@hist.example,Annie,Lee,E1\r\n" + Others);
        var moved = await tenant.ImportAsync(Header + "annie.lee@hist.example,Annie,Lee,E1\r\n" + Others);
        var again = await tenant.ImportAsync(Header + "annie.lee@hist.example,Annie,Lee,E1\r\n" + Others);
        Assert.Equal((1, 1, 1, 1, 3), (changed.Count("updated"), left.Count("deactivated"), rehired.Count("reactivated"), moved.Count("updated"), again.Count("unchanged")));

        var history = await HistoryAsync(tenant, "annie.lee@hist.example");

        Assert.Equal(
            [(moved.Str("importId"), "updated"), (rehired.Str("importId"), "reactivated"), (left.Str("importId"), "deactivated"), (changed.Str("importId"), "updated"), (created.Str("importId"), "created")],
            history.Select(e => (e.Str("importId"), e.Str("change"))));
        Assert.All(history, e => Assert.Equal("import", e.Str("by")));
        Assert.Equal([moved.Str("fileKey"), rehired.Str("fileKey"), left.Str("fileKey"), changed.Str("fileKey"), created.Str("fileKey")], history.Select(e => e.Str("fileKey")));
        Assert.Equal(("email", "ann@hist.example", "annie.lee@hist.example", "matched by externalId"), OnlyChange(history[0]));
        Assert.Equal(("status", "inactive", "active", "back in file"), Change(history[1], "status"));
        Assert.Equal(("status", "active", "inactive", "absent from file"), Change(history[2], "status"));
        Assert.Equal(("firstName", "Ann", "Annie", null), OnlyChange(history[3]));
        Assert.Equal(("email", null, "ann@hist.example", null), Change(history[4], "email"));
        Assert.Equal(["annie.lee@hist.example", "ann@hist.example", "ann@hist.example", "ann@hist.example", "ann@hist.example"], history.Select(e => e.Str("email")));

        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/users/annie.lee@hist.example", new { firstName = "Ann", lastName = "Lee", roles = new[] { "Manager" } });
        var edited = await HistoryAsync(tenant, "annie.lee@hist.example");
        Assert.Equal(6, edited.Count);
        Assert.Equal(("platform", JsonValueKind.Null, "updated"), (edited[0].Str("by"), edited[0].GetProperty("importId").ValueKind, edited[0].Str("change")));
        Assert.Equal(("firstName", "Annie", "Ann", null), Change(edited[0], "firstName"));
        Assert.Equal(("roles", "Learner", "Learner, Manager (platform)", null), Change(edited[0], "roles"));

        var firstPage = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/users/annie.lee@hist.example/history?pageSize=4");
        Assert.Equal(4, firstPage.GetProperty("items").GetArrayLength());
        var token = Uri.EscapeDataString(firstPage.Str("continuationToken"));
        var secondPage = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/users/annie.lee@hist.example/history?pageSize=4&continuationToken={token}");
        Assert.Equal([changed.Str("importId"), created.Str("importId")], secondPage.GetProperty("items").EnumerateArray().Select(e => e.Str("importId")));
        var otherUsersList = await tenant.Admin.GetAsync($"/api/tenants/{tenant.TenantId}/users/bob@hist.example/history?continuationToken={token}");
        Assert.Equal(HttpStatusCode.BadRequest, otherUsersList.StatusCode); // a token is the user's own

        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Admin.GetAsync($"/api/tenants/{tenant.TenantId}/users/ann@hist.example/history")).StatusCode);
        Assert.Single(await HistoryAsync(tenant, "bob@hist.example")); // created, and unchanged since
    }

    [Fact]
    public async Task Retention_removes_entries_older_than_the_tenant_keeps_and_zero_records_none()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await FeedTenant.CreateAsync(service, "histkeep", Fields);
        var refused = await (await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings",
            new { hold = new { percent = 20, minimum = 10 }, historyRetentionDays = 5000 })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("historyRetentionDays", out _));
        Assert.Equal(400, (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings")).GetProperty("historyRetentionDays").GetInt32());
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, historyRetentionDays = 30 });

        var created = await tenant.ImportAsync(Header + "ann@histkeep.example,Ann,Lee,E1\r\n" + "bob@histkeep.example,Bob,Ray,E2\r\n");
        clock.Advance(TimeSpan.FromDays(31));
        var changed = await tenant.ImportAsync(Header + "ann@histkeep.example,Annie,Lee,E1\r\n" + "bob@histkeep.example,Bob,Ray,E2\r\n");

        var kept = await HistoryOnceAsync(tenant, "ann@histkeep.example", h => h.Count == 1);
        Assert.Equal((changed.Str("importId"), "updated"), (Assert.Single(kept).Str("importId"), kept[0].Str("change")));
        Assert.Empty(await HistoryOnceAsync(tenant, "bob@histkeep.example", h => h.Count == 0)); // its create was 31 days ago
        Assert.NotEqual(created.Str("importId"), kept[0].Str("importId"));

        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, historyRetentionDays = 0 });
        var unrecorded = await tenant.ImportAsync(Header + "ann@histkeep.example,Ann,Lee,E1\r\n" + "bob@histkeep.example,Bob,Ray,E2\r\n");
        Assert.Equal(1, unrecorded.Count("updated"));
        Assert.Equal("Ann", (await tenant.UsersAsync())["ann@histkeep.example"].Str("firstName"));
        Assert.Equal([changed.Str("importId")], (await HistoryAsync(tenant, "ann@histkeep.example")).Select(e => e.Str("importId")));
    }

    [Fact]
    public async Task Retention_keeps_what_the_entries_it_still_shows_need_to_say_what_each_value_was()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await FeedTenant.CreateAsync(service, "histprune", Fields);
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, historyRetentionDays = 30 });
        const string Bob = "bob@histprune.example,Bob,Ray,E2\r\n";

        await tenant.ImportAsync(Header + "ann@histprune.example,Ann,Lee,E1\r\n" + Bob);
        clock.Advance(TimeSpan.FromDays(5));
        await tenant.ImportAsync(Header + "ann@histprune.example,Annie,Lee,E1\r\n" + Bob);
        clock.Advance(TimeSpan.FromDays(35));
        var surname = await tenant.ImportAsync(Header + "ann@histprune.example,Annie,Lea,E1\r\n" + Bob);

        // The first name's change is 35 days old: not shown, but still what says the first name was Annie when the surname changed.
        var kept = await HistoryOnceAsync(tenant, "ann@histprune.example", h => h.Count == 1);
        Assert.Equal(surname.Str("importId"), Assert.Single(kept).Str("importId"));
        Assert.Equal(("lastName", "Lee", "Lea", null), OnlyChange(kept[0]));

        clock.Advance(TimeSpan.FromDays(40));
        var firstName = await tenant.ImportAsync(Header + "ann@histprune.example,Anne,Lea,E1\r\n" + Bob);

        kept = await HistoryOnceAsync(tenant, "ann@histprune.example", h => h.Count == 1);
        Assert.Equal(firstName.Str("importId"), Assert.Single(kept).Str("importId"));
        Assert.Equal(("firstName", "Annie", "Anne", null), OnlyChange(kept[0]));
    }

    [Fact]
    public async Task A_user_created_while_no_history_was_kept_has_a_first_entry_that_says_what_it_wrote_and_not_what_was_before()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "histlate", Fields);
        await tenant.KeepNoHistoryAsync();
        await tenant.ImportAsync(Header + "ann@histlate.example,Ann,Lee,E1\r\n");
        Assert.Empty(await HistoryAsync(tenant, "ann@histlate.example"));

        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, historyRetentionDays = 400 });
        var changed = await tenant.ImportAsync(Header + "ann@histlate.example,Annie,Lee,E1\r\n");
        await tenant.ImportAsync(Header + "ann@histlate.example,Annie,Lea,E1\r\n");

        var history = await HistoryAsync(tenant, "ann@histlate.example");
        Assert.Equal(("updated", "updated"), (history[0].Str("change"), history[1].Str("change")));
        Assert.Equal(("lastName", "Lee", "Lea", null), OnlyChange(history[0])); // from the entry before it
        Assert.Equal(changed.Str("importId"), history[1].Str("importId"));
        Assert.Equal(("firstName", null, "Annie", null), Change(history[1], "firstName")); // what it was is not known
        Assert.Equal(("lastName", null, "Lee", null), Change(history[1], "lastName"));
    }

    private static async Task<List<JsonElement>> HistoryAsync(FeedTenant tenant, string email) =>
        [.. (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/users/{email}/history")).GetProperty("items").EnumerateArray()];

    /// <summary>The user's history once <paramref name="done"/> holds (the retention runs after the check's imports), or after half a minute.</summary>
    private static async Task<List<JsonElement>> HistoryOnceAsync(FeedTenant tenant, string email, Func<List<JsonElement>, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var history = await HistoryAsync(tenant, email);
            if (done(history) || i == 300)
            {
                return history;
            }

            await Task.Delay(100);
        }
    }

    private static (string Field, string? From, string? To, string? Reason) OnlyChange(JsonElement entry) =>
        Tuple(Assert.Single(entry.GetProperty("changes").EnumerateArray()));

    private static (string Field, string? From, string? To, string? Reason) Change(JsonElement entry, string field) =>
        Tuple(Assert.Single(entry.GetProperty("changes").EnumerateArray(), c => c.Str("field") == field));

    private static (string Field, string? From, string? To, string? Reason) Tuple(JsonElement change) =>
        (change.Str("field"), Optional(change, "from"), Optional(change, "to"), Optional(change, "reason"));

    private static string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var value) ? value.GetString() : null;
}
