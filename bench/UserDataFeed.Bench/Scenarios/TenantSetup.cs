using System.Net.Http.Json;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Bench.Reporting;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>Onboards a tenant through the API as an operator would: the tenant (and its bucket), its custom fields, the mapping.</summary>
public static class TenantSetup
{
    /// <param name="keepsHistory">False: the tenant's settings keep no user history (<c>historyRetentionDays</c> 0); else the default (400 days).</param>
    public static async Task OnboardAsync(HttpClient operatorClient, string tenantId, CancellationToken cancellationToken, Dictionary<string, string>? mapping = null, bool keepsHistory = true)
    {
        await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}", new { displayName = $"Bench {tenantId}", feedEnabled = true }, cancellationToken));
        foreach (var (key, label) in HrColumns.CustomFields)
        {
            await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}/fields/{key}", new { label }, cancellationToken));
        }

        await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}/feed/mapping", new { fields = mapping ?? HrColumns.Mapping() }, cancellationToken));
        if (!keepsHistory)
        {
            await KeepHistoryAsync(operatorClient, tenantId, days: 0, cancellationToken);
        }
    }

    /// <summary>Sets how long the tenant keeps its users' histories (0: none), the other settings at their defaults.</summary>
    public static async Task KeepHistoryAsync(HttpClient operatorClient, string tenantId, int days, CancellationToken cancellationToken)
    {
        var hold = new { percent = HoldThreshold.Default.Percent, minimum = HoldThreshold.Default.Minimum };
        await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}/feed/settings", new { hold, historyRetentionDays = days }, cancellationToken));
    }

    /// <summary>Polls the tenant and follows its one import's record until it is final (as the README's walkthrough does).</summary>
    public static async Task<ImportView> PollUntilFinalAsync(HttpClient api, string tenantId, CancellationToken cancellationToken)
    {
        var poll = await SucceedAsync(api.PostAsync($"/api/tenants/{tenantId}/feed/poll", null, cancellationToken));
        var importId = (await poll.Content.ReadFromJsonAsync<PollView>(BenchJson.Options, cancellationToken))!.ImportIds.Single();
        return await UntilFinalAsync(api, tenantId, importId, cancellationToken);
    }

    public static async Task<ImportView> UntilFinalAsync(HttpClient api, string tenantId, string importId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var record = (await api.GetFromJsonAsync<ImportView>($"/api/tenants/{tenantId}/feed/imports/{importId}", BenchJson.Options, cancellationToken))!;
            if (record.Status != "running" && !record.RetryPending)
            {
                return record;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public static async Task<HttpResponseMessage> SucceedAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }

        return response;
    }
}

public sealed record PollView(IReadOnlyList<string> ImportIds);

public sealed record ProgressView(int Continuations, string? Worker);

public sealed record ImportView(string Status, string? Reason, bool RetryPending, ImportCounts Counts, ProgressView? Progress);
