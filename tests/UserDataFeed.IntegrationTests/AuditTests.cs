using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>Who changed the feed (issue 16): every admin or operator action, with the acting token's id, newest first.</summary>
public sealed class AuditTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    private static string Users(int count) =>
        "Email,First,Last\r\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"u{i}@audit.example,U{i},Lee\r\n"));

    private static async Task<List<JsonElement>> AuditAsync(HttpClient client, string tenantId)
    {
        var entries = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/tenants/{tenantId}/feed/audit?pageSize=3" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            entries.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return entries;
    }

    [Fact]
    public async Task Audit_lists_a_mapping_change_a_key_revocation_and_an_approval_with_the_acting_tokens_id_newest_first()
    {
        await using var service = await TestService.StartAsync();
        (await service.Operator.PutAsJsonAsync("/api/tenants/audit", new { displayName = "Audit", feedEnabled = true })).EnsureSuccessStatusCode();
        var issued = await (await service.Operator.PostAsJsonAsync("/api/tenants/audit/admin-tokens", new { label = "IT handover" })).JsonAsync(HttpStatusCode.Created);
        var tokenId = issued.Str("id");
        var adminToken = issued.Str("token");
        var admin = service.Client(adminToken);

        await admin.SaveMappingAsync("audit", Mapping);
        await admin.SaveMappingAsync("audit", new(Mapping) { ["firstName"] = "Given Name" });
        var (s3, bucket, accessKeyId, secret) = await admin.IssueKeyAsync("audit");
        var (_, _, revokedKeyId, revokedSecret) = await admin.IssueKeyAsync("audit");
        (await admin.DeleteAsync($"/api/tenants/audit/feed/connection/keys/{revokedKeyId}")).EnsureSuccessStatusCode();
        await s3.UploadAsync(bucket, "all.csv", Users(20).Replace("First", "Given Name", StringComparison.Ordinal));
        await admin.PollAsync("audit");
        await s3.UploadAsync(bucket, "few.csv", Users(2).Replace("First", "Given Name", StringComparison.Ordinal));
        var heldId = Assert.Single(await admin.PollAsync("audit"));
        await admin.ApproveAsync("audit", heldId);

        var audit = await AuditAsync(admin, "audit");

        Assert.Equal(
            ["import.approved", "connectionKey.revoked", "connectionKey.issued", "connectionKey.issued", "mapping.saved", "mapping.saved", "adminToken.issued", "tenant.saved"],
            audit.Select(e => e.Str("action")));
        var byAdmin = audit.Take(6).ToList();
        Assert.All(byAdmin, e => Assert.Equal(("adminToken", tokenId), (e.GetProperty("actor").Str("kind"), e.GetProperty("actor").Str("tokenId"))));
        Assert.All(audit.Skip(6), e => Assert.Equal("operator", e.GetProperty("actor").Str("kind")));
        Assert.Equal(heldId, audit[0].Str("target"));
        Assert.Contains("few.csv", audit[0].Str("changes"), StringComparison.Ordinal);
        Assert.Equal(revokedKeyId, audit[1].Str("target"));
        Assert.Equal("fields.firstName: First → Given Name", audit[4].Str("changes"));
        Assert.Equal("version 2", audit[4].Str("target"));
        Assert.Contains("fields.email: (none) → Email", audit[5].Str("changes"), StringComparison.Ordinal);
        Assert.Equal(tokenId, audit[6].Str("target"));
        Assert.Contains("label: IT handover", audit[6].Str("changes"), StringComparison.Ordinal);
        Assert.True(audit.Zip(audit.Skip(1)).All(p => p.First.GetProperty("at").GetDateTimeOffset() >= p.Second.GetProperty("at").GetDateTimeOffset()));

        var text = string.Join("\n", audit.Select(e => e.GetRawText()));
        Assert.DoesNotContain(adminToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(revokedSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(service.OperatorKey, text, StringComparison.Ordinal);
        Assert.NotEqual(accessKeyId, revokedKeyId);
    }

    [Fact]
    public async Task Settings_changes_are_audited_with_what_changed_and_another_tenants_token_cannot_read_the_audit()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("audit-settings");
        var other = await service.OnboardTenantAsync("audit-other");

        await admin.PutJsonAsync("/api/tenants/audit-settings/feed/settings", new { hold = new { percent = 30, minimum = 5 }, staleAfter = "2.00:00:00" });

        var entry = (await admin.GetJsonAsync("/api/tenants/audit-settings/feed/audit")).GetProperty("items")[0];
        Assert.Equal("settings.changed", entry.Str("action"));
        Assert.Contains("hold.percent: 20 → 30", entry.Str("changes"), StringComparison.Ordinal);
        Assert.Contains("hold.minimum: 10 → 5", entry.Str("changes"), StringComparison.Ordinal);
        Assert.Contains("staleAfter: (none) → 2.00:00:00", entry.Str("changes"), StringComparison.Ordinal);
        await other.GetJsonAsync("/api/tenants/audit-settings/feed/audit", HttpStatusCode.Forbidden);
        await admin.GetJsonAsync("/api/tenants/audit-settings/feed/audit?continuationToken=forged", HttpStatusCode.BadRequest);
    }
}
