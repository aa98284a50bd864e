using System.Net;
using Azure.Data.Tables;

namespace UserDataFeed.IntegrationTests;

/// <summary>At most two active S3 keys per tenant, however many requests race for them.</summary>
public sealed class ConnectionKeyTests
{
    [Fact]
    public async Task Concurrent_key_requests_issue_exactly_two_keys_and_refuse_the_rest_with_409()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("racing");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => admin.PostAsync("/api/tenants/racing/feed/connection/keys", null)));
        var connection = await admin.GetJsonAsync("/api/tenants/racing/feed/connection");

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Contains("revoke", (await CsvUploadTests.ProblemAsync(refused)).Str("detail"), StringComparison.Ordinal);
        }

        Assert.Equal(2, connection.GetProperty("keys").GetArrayLength());
    }

    [Fact]
    public async Task Revoking_a_key_frees_its_slot_for_a_new_one()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("slots");
        var (_, _, first, _) = await admin.IssueKeyAsync("slots");
        await admin.IssueKeyAsync("slots");
        await admin.PostAsync("/api/tenants/slots/feed/connection/keys", HttpStatusCode.Conflict);

        (await admin.DeleteAsync($"/api/tenants/slots/feed/connection/keys/{first}")).EnsureSuccessStatusCode();
        var (_, _, third, _) = await admin.IssueKeyAsync("slots");
        var keys = (await admin.GetJsonAsync("/api/tenants/slots/feed/connection")).GetProperty("keys").EnumerateArray().Select(k => k.Str("accessKeyId")).ToList();

        Assert.Equal(2, keys.Count);
        Assert.Contains(third, keys);
        Assert.DoesNotContain(first, keys);
    }

    [Fact]
    public async Task Slot_left_pending_by_a_crash_is_taken_over_once_stale_but_not_before()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("crashed");
        await admin.IssueKeyAsync("crashed");
        var table = new TableServiceClient(LocalStores.TablesConnectionString).GetTableClient(service.TablePrefix + "Tenants");
        async Task PendingClaimAsync(TimeSpan age) => await table.UpsertEntityAsync(new TableEntity("crashed", "s3slot|1")
        {
            ["AccessKeyId"] = "UDFCRASHEDCLAIM0000",
            ["Issued"] = false,
            ["ClaimedAt"] = DateTimeOffset.UtcNow - age,
        }, TableUpdateMode.Replace);

        await PendingClaimAsync(TimeSpan.FromSeconds(5));
        var whileIssuing = await admin.PostAsync("/api/tenants/crashed/feed/connection/keys", null);
        await PendingClaimAsync(TimeSpan.FromMinutes(10));
        var afterCrash = await admin.PostAsync("/api/tenants/crashed/feed/connection/keys", null);
        var keys = (await admin.GetJsonAsync("/api/tenants/crashed/feed/connection")).GetProperty("keys");

        Assert.Equal(HttpStatusCode.Conflict, whileIssuing.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterCrash.StatusCode);
        Assert.Equal(2, keys.GetArrayLength());
    }
}
