using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The SCIM stream's safety hold (issue 27, "Safety"): <see cref="ScimDeactivationHold"/> on the real tables, and its
/// admin routes over HTTP. The client's side relies on RFC 7644 §3.12 and RFC 6585 §4: a 429 with <c>Retry-After</c>
/// tells a client to send the same request again later, so a held deactivation is the client's to repeat and the
/// hold admits the repeat once an admin approved it (or the window has room again).
/// </summary>
public sealed class ScimHoldTests
{
    private const int ActiveUsers = 20; // the default threshold (more than 20% and more than 10) admits 10 a window

    private sealed record Tenant20(TestService Service, string TenantId, HttpClient Admin, ScimDeactivationHold Hold)
    {
        public async Task<Tenant> RecordAsync() =>
            (await Service.App.Services.GetRequiredService<TenantStore>().GetAsync(TenantId, CancellationToken.None))!;

        public async Task<ScimHoldAnswer> DeactivateAsync(int user, string operation = "PATCH", string token = "tok1") =>
            await Hold.AdmitAsync(await RecordAsync(), Deactivation(user, operation, token), CancellationToken.None);

        public Task<JsonElement> HeldAsync() => Admin.GetJsonAsync($"/api/tenants/{TenantId}/scim/held");

        public async Task<JsonElement> DecideAsync(string decision, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
            await (await Admin.PostAsync($"/api/tenants/{TenantId}/scim/held/{decision}", body is null ? null : JsonContent.Create(body))).JsonAsync(expected);
    }

    private static ScimDeactivation Deactivation(int user, string operation = "PATCH", string token = "tok1") =>
        new(UserId(user), Email(user), token, operation);

    private static string UserId(int user) => $"user-{user:D2}";

    private static string Email(int user) => $"u{user}@scimhold.example";

    private static async Task<Tenant20> TenantWith20ActiveUsersAsync(TestService service, string tenantId)
    {
        var admin = await service.OnboardTenantAsync(tenantId);
        for (var i = 0; i < ActiveUsers; i++)
        {
            await admin.PutJsonAsync($"/api/tenants/{tenantId}/users/{Email(i)}", new { firstName = "U", lastName = $"{i}" }, HttpStatusCode.Created);
        }

        return new Tenant20(service, tenantId, admin, service.App.Services.GetRequiredService<ScimDeactivationHold>());
    }

    private static async Task AdmitAsync(Tenant20 tenant, IEnumerable<int> users)
    {
        foreach (var user in users)
        {
            Assert.IsType<ScimHoldAnswer.Admitted>(await tenant.DeactivateAsync(user));
        }
    }

    [Fact]
    public async Task Deactivations_up_to_the_threshold_are_admitted_and_the_next_is_held_for_an_admin_who_sees_it_with_the_windows_counts()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-list");

        await AdmitAsync(tenant, Enumerable.Range(0, 10));
        var held = Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(10, "DELETE", "tok2"));
        var asked = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(3));
        var again = Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(10, "PATCH", "tok3")); // the client's retry
        var listed = await tenant.HeldAsync();

        Assert.Contains("11 deactivations within 24 hour(s) of the tenant's 20 active users", held.Reason, StringComparison.Ordinal);
        Assert.Contains("an admin must approve it", held.Reason, StringComparison.Ordinal);
        Assert.InRange(held.RetryAfter, ScimDeactivationHold.RetryAfterAtLeast, ScimDeactivationHold.RetryAfterAtMost);
        Assert.Equal(0, held.RetryAfter.Ticks % TimeSpan.TicksPerSecond); // Retry-After is whole seconds
        Assert.Equal(held.Reason, again.Reason);
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal((UserId(10), Email(10), "waiting", "tok3", "PATCH", 2),
            (item.Str("userId"), item.Str("email"), item.Str("state"), item.Str("tokenId"), item.Str("operation"), item.GetProperty("asks").GetInt32()));
        Assert.Equal(asked, item.GetProperty("firstAskedAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        Assert.Equal(asked + TimeSpan.FromMinutes(3), item.GetProperty("lastAskedAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        var window = listed.GetProperty("window");
        Assert.Equal(("1.00:00:00", 10, 10, 20), (window.Str("window"), window.GetProperty("admitted").GetInt32(),
            window.GetProperty("allowedWithoutApproval").GetInt32(), window.GetProperty("activeUsers").GetInt32()));
        Assert.Equal((20, 10), (window.GetProperty("threshold").GetProperty("percent").GetInt32(), window.GetProperty("threshold").GetProperty("minimum").GetInt32()));
    }

    [Fact]
    public async Task The_window_rolls_a_deactivation_older_than_the_window_no_longer_counts_and_the_waiting_one_is_admitted_on_its_retry()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-roll");
        await AdmitAsync(tenant, Enumerable.Range(0, 10));
        Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(10));

        clock.Advance(TimeSpan.FromHours(23));
        Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(10)); // within the window still
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2)); // past it, and past the minute a bucket may add
        var retried = await tenant.DeactivateAsync(10);
        var listed = await tenant.HeldAsync();

        Assert.IsType<ScimHoldAnswer.Admitted>(retried);
        Assert.Empty(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(1, listed.GetProperty("window").GetProperty("admitted").GetInt32());
    }

    [Fact]
    public async Task The_tenants_window_setting_is_audited_and_decides_how_long_a_deactivation_counts()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-setting");

        var saved = await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, scimHoldWindow = "02:00:00" });
        await AdmitAsync(tenant, Enumerable.Range(0, 10));
        var held = Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(10));
        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(2));

        Assert.Equal("02:00:00", saved.Str("scimHoldWindow"));
        Assert.Equal("02:00:00", (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings")).Str("scimHoldWindow"));
        Assert.Contains("within 2 hour(s)", held.Reason, StringComparison.Ordinal);
        Assert.IsType<ScimHoldAnswer.Admitted>(await tenant.DeactivateAsync(10));
        var audit = (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/audit")).GetProperty("items")[0];
        Assert.Equal("settings.changed", audit.Str("action"));
        Assert.Contains("scimHoldWindow: 1.00:00:00 → 02:00:00", audit.Str("changes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approval_admits_the_clients_retry_without_counting_it_and_approving_everything_takes_every_waiting_one()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-approve");
        await AdmitAsync(tenant, Enumerable.Range(0, 10));
        foreach (var user in new[] { 10, 11, 12 })
        {
            Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(user));
        }

        var one = await tenant.DecideAsync("approve", new { userIds = new[] { UserId(10) } });
        var retried = await tenant.DeactivateAsync(10);
        var stillHeld = await tenant.DeactivateAsync(11);
        var rest = await tenant.DecideAsync("approve", null);
        var listed = await tenant.HeldAsync();

        Assert.Equal("approved", one.Str("decision"));
        var decided = Assert.Single(one.GetProperty("users").EnumerateArray());
        Assert.Equal((UserId(10), "approved"), (decided.Str("userId"), decided.Str("state")));
        Assert.StartsWith("adminToken:", decided.Str("decidedBy"), StringComparison.Ordinal);
        Assert.IsType<ScimHoldAnswer.Admitted>(retried);
        Assert.IsType<ScimHoldAnswer.Held>(stillHeld);
        Assert.Equal([UserId(11), UserId(12)], rest.GetProperty("users").EnumerateArray().Select(u => u.Str("userId")).Order(StringComparer.Ordinal));
        Assert.IsType<ScimHoldAnswer.Admitted>(await tenant.DeactivateAsync(11));
        Assert.IsType<ScimHoldAnswer.Admitted>(await tenant.DeactivateAsync(12));
        Assert.Equal(10, listed.GetProperty("window").GetProperty("admitted").GetInt32()); // approved ones do not count
        Assert.All(listed.GetProperty("items").EnumerateArray(), i => Assert.Equal("approved", i.Str("state")));
        Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(13)); // an approval is for its users only
        var audit = (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/audit")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["scimHold.approved", "scimHold.approved"], audit.Take(2).Select(a => a.Str("action")));
        Assert.Contains($"approved 1 SCIM deactivation(s) until ", audit[1].Str("changes"), StringComparison.Ordinal);
        Assert.Contains($"{UserId(10)} ({Email(10)})", audit[1].Str("changes"), StringComparison.Ordinal);
        Assert.Equal(UserId(10), audit[1].Str("target"));
    }

    [Fact]
    public async Task A_rejection_refuses_the_users_deactivation_while_it_stands_and_a_later_approval_admits_it()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-reject");
        await AdmitAsync(tenant, Enumerable.Range(0, 10));
        Assert.IsType<ScimHoldAnswer.Held>(await tenant.DeactivateAsync(10));

        clock.Advance(TimeSpan.FromHours(2));
        var rejected = await tenant.DecideAsync("reject", new { userIds = new[] { UserId(10) } });
        clock.Advance(TimeSpan.FromHours(23)); // the window has room again, but the rejection, made two hours after the 10, stands a window
        var refusedLater = await tenant.DeactivateAsync(10);
        var listed = await tenant.HeldAsync();
        await tenant.DecideAsync("approve", new { userIds = new[] { UserId(10) } });
        var approved = await tenant.DeactivateAsync(10);

        Assert.Equal("rejected", Assert.Single(rejected.GetProperty("users").EnumerateArray()).Str("state"));
        var refused = Assert.IsType<ScimHoldAnswer.Refused>(refusedLater);
        Assert.Contains("An admin rejected deactivating this user", refused.Reason, StringComparison.Ordinal);
        Assert.Equal("rejected", Assert.Single(listed.GetProperty("items").EnumerateArray()).Str("state"));
        Assert.IsType<ScimHoldAnswer.Admitted>(approved);
        Assert.Equal("scimHold.rejected", (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/audit")).GetProperty("items")[1].Str("action"));
    }

    [Fact]
    public async Task Deactivations_at_once_from_two_instances_never_admit_more_than_the_threshold_allows()
    {
        await using var first = await TestService.StartAsync();
        await using var second = await TestService.StartAsync(s => s["Tables:Prefix"] = first.TablePrefix); // another instance of the same deployment
        var tenant = await TenantWith20ActiveUsersAsync(first, "scimhold-race");
        var tenantRecord = await tenant.RecordAsync();
        var holds = new[] { tenant.Hold, second.App.Services.GetRequiredService<ScimDeactivationHold>() };

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => holds[i % 2].AdmitAsync(tenantRecord, Deactivation(i), CancellationToken.None))));
        var listed = await tenant.HeldAsync();

        Assert.Equal(10, answers.Count(a => a is ScimHoldAnswer.Admitted));
        Assert.Equal(20, answers.Count(a => a is ScimHoldAnswer.Held));
        Assert.Equal(10, listed.GetProperty("window").GetProperty("admitted").GetInt32());
        Assert.Equal(20, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_deactivation_costs_three_store_requests_and_reads_no_user_once_the_active_users_are_counted()
    {
        var counter = new TableRequestCounter();
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, counter);
        });
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-cost");
        var record = await tenant.RecordAsync();
        counter.Count(service.TablePrefix + "Tenants", service.TablePrefix + "Users");

        await tenant.Hold.AdmitAsync(record, Deactivation(0), CancellationToken.None);
        var first = counter.Take();
        await tenant.Hold.AdmitAsync(record, Deactivation(1), CancellationToken.None);
        var next = counter.Take();
        clock.Advance(ScimDeactivationHold.ActiveUsersCountedEvery);
        await tenant.Hold.AdmitAsync(record, Deactivation(2), CancellationToken.None);
        var anHourLater = counter.Take();

        Assert.Equal((3, 2), (first[0], first[1])); // two reads and the write; the active users counted: one query of each range of user keys
        Assert.Equal((3, 0), (next[0], next[1]));
        Assert.Equal((3, 2), (anHourLater[0], anHourLater[1]));
    }

    [Fact]
    public async Task Bad_input_to_the_admin_routes_is_a_400_or_404_problem_naming_the_field()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await TenantWith20ActiveUsersAsync(service, "scimhold-bad");
        var url = $"/api/tenants/{tenant.TenantId}/scim/held/approve";

        var empty = await tenant.Admin.PostAsJsonAsync(url, new { userIds = Array.Empty<string>() });
        var blank = await tenant.Admin.PostAsJsonAsync(url, new { userIds = new[] { UserId(1), " " } });
        var tooLong = await tenant.Admin.PostAsJsonAsync(url, new { userIds = new[] { new string('x', 257) } });
        var tooMany = await tenant.Admin.PostAsJsonAsync(url, new { userIds = Enumerable.Range(0, 1001).Select(i => $"u{i}") });
        var wrongType = await tenant.Admin.PostAsJsonAsync(url, new { userIds = "user-01" });
        var unknownProperty = await tenant.Admin.PostAsJsonAsync(url, new { users = new[] { UserId(1) } });
        var notJson = await tenant.Admin.PostAsync(url, new StringContent("userIds=user-01", Encoding.UTF8, "text/plain"));
        var unknownUser = await tenant.Admin.PostAsJsonAsync($"/api/tenants/{tenant.TenantId}/scim/held/reject", new { userIds = new[] { "nobody" } });
        var noTenant = await service.Operator.GetAsync("/api/tenants/scimhold-none/scim/held");
        var badWindow = await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, scimHoldWindow = "00:01:00" });
        var garbledWindow = await tenant.Admin.PutAsJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, scimHoldWindow = "a day" });

        await ExpectFieldAsync(empty, "userIds", "from 1 to 1000");
        await ExpectFieldAsync(blank, "userIds[1]", "non-empty");
        await ExpectFieldAsync(tooLong, "userIds[0]", "at most 256");
        await ExpectFieldAsync(tooMany, "userIds", "from 1 to 1000");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("userIds", (await CsvUploadTests.ProblemAsync(wrongType)).GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.StatusCode);
        Assert.Contains("users", (await CsvUploadTests.ProblemAsync(unknownProperty)).GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        Assert.Contains("'nobody'", (await CsvUploadTests.ProblemAsync(unknownUser)).Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noTenant.StatusCode);
        await ExpectFieldAsync(badWindow, "scimHoldWindow", "from 00:05:00 to 30.00:00:00");
        await ExpectFieldAsync(garbledWindow, "scimHoldWindow", "1.00:00:00");
        Assert.Equal("1.00:00:00", (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/settings")).Str("scimHoldWindow"));
        Assert.Empty((await tenant.HeldAsync()).GetProperty("items").EnumerateArray()); // nothing was decided
    }

    private static async Task ExpectFieldAsync(HttpResponseMessage response, string field, string says)
    {
        var problem = await CsvUploadTests.ProblemAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {problem}");
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains(says, message, StringComparison.Ordinal);
    }

    /// <summary>Counts the store requests to each named table once they are named.</summary>
    private sealed class TableRequestCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private string[] tables = [];
        private int[] counts = [];

        public void Count(params string[] named)
        {
            tables = named;
            counts = new int[named.Length];
        }

        /// <summary>The counts since the last call, by table in the named order.</summary>
        public int[] Take()
        {
            var taken = counts.Select((_, i) => Interlocked.Exchange(ref counts[i], 0)).ToArray();
            return taken;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            for (var i = 0; i < tables.Length; i++)
            {
                if (path.Contains("/" + tables[i] + "(", StringComparison.Ordinal) || path.EndsWith("/" + tables[i], StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref counts[i]);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
