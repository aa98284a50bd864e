using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.IntegrationTests;

/// <summary>Tenant admin tokens: labelled, optionally expiring, listed without their secret, revocable.</summary>
public sealed class AdminTokenTests
{
    private static async Task<(string Id, string Token)> IssueAsync(TestService service, string tenantId, object? body = null)
    {
        var response = body is null
            ? await service.Operator.PostAsync($"/api/tenants/{tenantId}/admin-tokens", null)
            : await service.Operator.PostAsJsonAsync($"/api/tenants/{tenantId}/admin-tokens", body);
        var issued = await response.JsonAsync(HttpStatusCode.Created);
        return (issued.Str("id"), issued.Str("token"));
    }

    [Fact]
    public async Task Tokens_are_issued_with_a_label_and_an_expiry_and_listed_without_the_token_or_its_hash()
    {
        await using var service = await TestService.StartAsync();
        var tenantAdmin = await service.OnboardTenantAsync("tokens");

        var labelled = await (await service.Operator.PostAsJsonAsync("/api/tenants/tokens/admin-tokens", new { label = "IT handover", expiresIn = "P30D" })).JsonAsync(HttpStatusCode.Created);
        var (plainId, plainToken) = await IssueAsync(service, "tokens");
        var list = await service.Operator.GetAsync("/api/tenants/tokens/admin-tokens");
        var text = await list.Content.ReadAsStringAsync();
        var items = (await list.JsonAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToDictionary(t => t.Str("id"));
        var asTenantAdmin = await tenantAdmin.GetAsync("/api/tenants/tokens/admin-tokens");

        Assert.Equal("IT handover", labelled.Str("label"));
        var expires = labelled.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(30).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30).AddMinutes(5));
        Assert.Equal(3, items.Count); // the onboarding token too
        Assert.Equal("IT handover", items[labelled.Str("id")].Str("label"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, items[plainId].GetProperty("expiresAt").ValueKind);
        Assert.All(items.Values, t => Assert.Equal(["createdAt", "expiresAt", "id", "label", "lastUsedAt"], t.EnumerateObject().Select(p => p.Name).Order()));
        foreach (var token in new[] { plainToken, labelled.Str("token") })
        {
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, asTenantAdmin.StatusCode);
    }

    [Fact]
    public async Task Revoked_token_is_401_from_the_next_request_on()
    {
        await using var service = await TestService.StartAsync();
        await service.OnboardTenantAsync("revoking");
        var (id, token) = await IssueAsync(service, "revoking");
        var admin = service.Client(token);

        var before = await admin.GetAsync("/api/tenants/revoking/fields");
        var revoked = await service.Operator.DeleteAsync($"/api/tenants/revoking/admin-tokens/{id}");
        var after = await admin.GetAsync("/api/tenants/revoking/fields");
        var again = await service.Operator.DeleteAsync($"/api/tenants/revoking/admin-tokens/{id}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_401_and_bad_expiries_are_400()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        await service.OnboardTenantAsync("expiring");
        var (_, token) = await IssueAsync(service, "expiring", new { expiresIn = "PT2H" });
        var admin = service.Client(token);

        var fresh = await admin.GetAsync("/api/tenants/expiring/fields");
        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var expired = await admin.GetAsync("/api/tenants/expiring/fields");
        var past = await service.Operator.PostAsJsonAsync("/api/tenants/expiring/admin-tokens", new { expiresAt = clock.GetUtcNow().AddDays(-1) });
        var both = await service.Operator.PostAsJsonAsync("/api/tenants/expiring/admin-tokens", new { expiresAt = clock.GetUtcNow().AddDays(1), expiresIn = "P1D" });
        var garbled = await service.Operator.PostAsJsonAsync("/api/tenants/expiring/admin-tokens", new { expiresIn = "a week" });

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("P30D", (await CsvUploadTests.ProblemAsync(garbled)).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_use_is_recorded_but_not_written_on_every_request()
    {
        await using var service = await TestService.StartAsync();
        await service.OnboardTenantAsync("lastused");
        var (id, token) = await IssueAsync(service, "lastused");
        var admin = service.Client(token);
        var table = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(service.TablePrefix + "Tenants");
        async Task<string> TokenRowETagAsync()
        {
            await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq 'lastused' and Id eq '{id}'"))
            {
                return row.ETag.ToString();
            }

            throw new InvalidOperationException("no token row");
        }

        (await admin.GetAsync("/api/tenants/lastused/fields")).EnsureSuccessStatusCode();
        var afterFirst = await TokenRowETagAsync();
        for (var i = 0; i < 5; i++)
        {
            (await admin.GetAsync("/api/tenants/lastused/fields")).EnsureSuccessStatusCode();
        }

        var afterMore = await TokenRowETagAsync();
        var listed = (await service.Operator.GetJsonAsync("/api/tenants/lastused/admin-tokens")).GetProperty("items").EnumerateArray().Single(t => t.Str("id") == id);

        Assert.Equal(afterFirst, afterMore);
        Assert.InRange(listed.GetProperty("lastUsedAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
    }
}
