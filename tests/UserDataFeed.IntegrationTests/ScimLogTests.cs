using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The SCIM provisioning log (issue 27, "The page"): each SCIM request a handler answered, with its outcome, for the
/// tenant's admin at <c>GET …/scim/log</c>. End to end over HTTP through the self-host, on the real stores.
/// </summary>
public sealed class ScimLogTests
{
    private static async Task<JsonElement[]> LogAsync(ScimTenant tenant, string query = "") =>
        [.. (await tenant.Feed.Admin.GetJsonAsync($"/api/tenants/{tenant.Feed.TenantId}/scim/log{query}")).GetProperty("items").EnumerateArray()];

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (string Method, string Path, int Status) Line(JsonElement e) => (e.Str("method"), e.Str("path"), e.GetProperty("status").GetInt32());

    [Fact]
    public async Task Each_scim_request_is_logged_with_its_outcome_newest_first_or_failures_first_and_never_with_the_token_query_or_body()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var tenant = await ScimTenant.CreateAsync(service, "scimlog");
        var tokenId = (await tenant.Feed.Admin.GetJsonAsync("/api/tenants/scimlog/scim/tokens")).GetProperty("items")[0].Str("id");
        var token = tenant.Scim.DefaultRequestHeaders.Authorization!.Parameter!;

        var missing = await tenant.SendAsync(HttpMethod.Get, "/Users/no-such-user");
        clock.Advance(TimeSpan.FromSeconds(1));
        var created = await tenant.CreateUserAsync("ann.lee@scimlog.example");
        var id = created.Str("id");
        clock.Advance(TimeSpan.FromSeconds(1));
        var beforePatch = clock.GetUtcNow();
        var badPatch = await tenant.SendAsync(HttpMethod.Patch, $"/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"frobnicate","path":"active","value":false}]}""");
        var afterPatch = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(1));
        var listed = await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("userName eq \"ann.lee@scimlog.example\""));
        var badPatchError = JsonDocument.Parse(await badPatch.Content.ReadAsStringAsync()).RootElement;

        var newestFirst = await LogAsync(tenant);
        var failuresFirst = await LogAsync(tenant, "?failuresFirst=true");
        var logText = await (await tenant.Feed.Admin.GetAsync("/api/tenants/scimlog/scim/log")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(
            [("GET", "/Users", 200), ("PATCH", $"/Users/{id}", 400), ("POST", "/Users", 201), ("GET", "/Users/no-such-user", 404)],
            newestFirst.Select(Line));
        Assert.Equal(
            [("PATCH", $"/Users/{id}", 400), ("GET", "/Users/no-such-user", 404), ("GET", "/Users", 200), ("POST", "/Users", 201)],
            failuresFirst.Select(Line));
        var patchEntry = newestFirst[1];
        Assert.True(patchEntry.GetProperty("failed").GetBoolean());
        Assert.Equal(badPatchError.Str("detail"), patchEntry.Str("detail")); // the client's reason, as the client got it
        Assert.Equal(Optional(badPatchError, "scimType"), Optional(patchEntry, "scimType"));
        Assert.Equal(("User", id), (patchEntry.Str("resourceType"), patchEntry.Str("resourceId")));
        Assert.InRange(patchEntry.GetProperty("at").GetDateTimeOffset(), beforePatch.AddMilliseconds(-1), afterPatch); // by the service's clock
        Assert.False(newestFirst[0].GetProperty("failed").GetBoolean());
        Assert.All(newestFirst, e => Assert.Equal(tokenId, e.Str("tokenId")));
        Assert.DoesNotContain(token, logText, StringComparison.Ordinal); // the token is never recorded
        Assert.DoesNotContain("ann.lee", logText, StringComparison.Ordinal); // nor the filter (the query) nor the body: personal data
        Assert.DoesNotContain("filter", logText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_refused_before_a_handler_are_not_in_the_log_and_a_tenant_sees_only_its_own()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scimlog-own");
        var other = await ScimTenant.CreateAsync(service, "scimlog-other");

        var unauthenticated = await service.Client("scim.scimlog-own.not-a-token").GetAsync("/api/tenants/scimlog-own/scim/v2/Users");
        var othersToken = await other.Scim.GetAsync("/api/tenants/scimlog-own/scim/v2/Users");
        await other.SendAsync(HttpMethod.Get, "/ServiceProviderConfig");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, othersToken.StatusCode);
        Assert.Empty(await LogAsync(tenant));
        Assert.Equal([("GET", "/ServiceProviderConfig", 200)], (await LogAsync(other)).Select(Line));
    }

    [Fact]
    public async Task A_trim_keeps_the_newest_requests_of_the_tenant_only()
    {
        var prefix = "sl" + Guid.NewGuid().ToString("N")[..12];
        var tables = new TableSet(new TableServiceClient(LocalStores.TablesConnectionString), Options.Create(new TableStorageOptions { ConnectionString = LocalStores.TablesConnectionString, Prefix = prefix }));
        await tables.EnsureCreatedAsync(CancellationToken.None);
        var store = new ScimLogStore(tables);
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync("a", new ScimLogEntry(start.AddMinutes(i), "GET", $"/Users/{i}", 200, null, null, "t1", "User", $"{i}"), CancellationToken.None);
        }

        await store.AddAsync("b", new ScimLogEntry(start, "GET", "/Users/b", 200, null, null, "t2", "User", "b"), CancellationToken.None);

        var removed = await store.TrimAsync("a", 3, CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(["4", "3", "2"], (await store.ListAsync("a", 10, CancellationToken.None)).Select(e => e.ResourceId));
        Assert.Single(await store.ListAsync("b", 10, CancellationToken.None));
    }
}
