using System.Net.Http.Json;
using UserDataFeed.Bench.Generator;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>Onboards a tenant through the API as an operator would: the tenant (and its bucket), its custom fields, the mapping.</summary>
public static class TenantSetup
{
    public static async Task OnboardAsync(HttpClient operatorClient, string tenantId, CancellationToken cancellationToken)
    {
        await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}", new { displayName = $"Bench {tenantId}", feedEnabled = true }, cancellationToken));
        foreach (var (key, label) in HrColumns.CustomFields)
        {
            await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}/fields/{key}", new { label }, cancellationToken));
        }

        await SucceedAsync(operatorClient.PutAsJsonAsync($"/api/tenants/{tenantId}/feed/mapping", new { fields = HrColumns.Mapping() }, cancellationToken));
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
