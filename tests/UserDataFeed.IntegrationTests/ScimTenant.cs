using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A tenant connected to an identity provider as an admin connects one: a feed tenant (so files can be tried too), a
/// SCIM token issued by its admin, and, unless asked not to, SCIM made the source of its users. <see cref="Scim"/> is the
/// identity provider's client, at the tenant's SCIM base URL.
/// </summary>
public sealed class ScimTenant
{
    private ScimTenant(FeedTenant feed, HttpClient scim, string baseUrl)
    {
        Feed = feed;
        Scim = scim;
        BaseUrl = baseUrl;
    }

    public FeedTenant Feed { get; }

    public HttpClient Scim { get; }

    /// <summary>The SCIM base URL's path, e.g. <c>/api/tenants/x/scim/v2</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<ScimTenant> CreateAsync(IApiHost service, string tenantId, bool scimIsTheSource = true)
    {
        var feed = await FeedTenant.CreateAsync(service, tenantId);
        var issued = await (await feed.Admin.PostAsJsonAsync($"/api/tenants/{tenantId}/scim/tokens", new { label = "Entra ID" })).JsonAsync(HttpStatusCode.Created);
        var tenant = new ScimTenant(feed, service.Client(issued.Str("token")), $"/api/tenants/{tenantId}/scim/v2");
        if (scimIsTheSource)
        {
            await tenant.SetSourceAsync("scim");
        }

        return tenant;
    }

    public Task SetSourceAsync(string source) =>
        Feed.Admin.PutJsonAsync($"/api/tenants/{Feed.TenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, staleAfter = (string?)null, source });

    /// <summary>Sends a SCIM request with its body as <c>application/scim+json</c>, as identity providers do.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, BaseUrl + path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/scim+json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Scim.SendAsync(request);
    }

    public async Task<JsonElement> CreateUserAsync(string userName, string given = "Ann", string family = "Lee", string extra = "")
    {
        var response = await SendAsync(HttpMethod.Post, "/Users",
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{userName}}","name":{"givenName":"{{given}}","familyName":"{{family}}"},"active":true{{extra}}}""");
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public async Task<JsonElement> PatchAsync(string id, string operations, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null) =>
        await (await SendAsync(HttpMethod.Patch, $"/Users/{id}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""", ifMatch)).JsonAsync(expected);

    /// <summary>The user as the platform's own API shows them.</summary>
    public Task<JsonElement> PlatformUserAsync(string email) => Feed.Admin.GetJsonAsync($"/api/tenants/{Feed.TenantId}/users/{Uri.EscapeDataString(email)}");

    public static string? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    public static string ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? "";

    public static MediaTypeHeaderValue ScimJson => new("application/scim+json");
}
