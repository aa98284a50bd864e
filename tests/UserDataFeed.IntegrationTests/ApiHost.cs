using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>A running service a test talks to over HTTP: in-process or a separate process.</summary>
public interface IApiHost
{
    HttpClient Operator { get; }

    HttpClient Client(string? token);
}

/// <summary>A service known only by its address and settings (a <see cref="SelfHostProcess"/>).</summary>
public sealed class RemoteHost(Uri address, IReadOnlyDictionary<string, string?> settings) : IApiHost
{
    public HttpClient Operator { get; } = ApiHost.Client(address, settings["Auth:OperatorKey"]);

    public HttpClient Client(string? token) => ApiHost.Client(address, token);
}

public static class ApiHost
{
    public static HttpClient Client(Uri address, string? token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Operator creates a feed-enabled tenant with custom fields and issues an admin token; returns the admin's client.</summary>
    public static async Task<HttpClient> OnboardTenantAsync(this IApiHost host, string tenantId, params (string Key, string Label)[] fields)
    {
        (await host.Operator.PutAsJsonAsync($"/api/tenants/{tenantId}", new { displayName = $"Tenant {tenantId}", feedEnabled = true })).EnsureSuccessStatusCode();
        foreach (var (key, label) in fields)
        {
            (await host.Operator.PutAsJsonAsync($"/api/tenants/{tenantId}/fields/{key}", new { label })).EnsureSuccessStatusCode();
        }

        return await host.AdminAsync(tenantId);
    }

    /// <summary>A fresh admin token for an existing tenant, as a client.</summary>
    public static async Task<HttpClient> AdminAsync(this IApiHost host, string tenantId)
    {
        var token = await (await host.Operator.PostAsync($"/api/tenants/{tenantId}/admin-tokens", null)).JsonAsync(System.Net.HttpStatusCode.Created);
        return host.Client(token.GetProperty("token").GetString());
    }
}
