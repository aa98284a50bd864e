using System.Net;
using System.Text;

namespace UserDataFeed.IntegrationTests;

/// <summary>List routes page with opaque, tamper-evident continuation tokens that any instance sharing the configuration accepts.</summary>
public sealed class PagingTests
{
    [Fact]
    public async Task Garbage_continuation_token_is_400_on_every_list_route()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("garbage");

        foreach (var path in new[] { "/api/tenants/garbage/users", "/api/tenants/garbage/feed/imports" })
        {
            var response = await admin.GetAsync($"{path}?continuationToken=not-a-token");
            var problem = await CsvUploadTests.ProblemAsync(response);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("continuationToken", problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Continuation_token_hides_emails_pages_on_another_instance_and_refuses_forgeries()
    {
        await using var first = await TestService.StartAsync();
        await using var second = await TestService.StartAsync(s =>
        {
            foreach (var (key, value) in first.Settings)
            {
                s[key] = value;
            }
        });
        var admin = await first.OnboardTenantAsync("pages");
        await first.OnboardTenantAsync("other");
        foreach (var name in new[] { "ann", "bob", "cy" })
        {
            await admin.PutJsonAsync($"/api/tenants/pages/users/{name}@pages.example", new { firstName = name, lastName = "Lee" }, HttpStatusCode.Created);
        }

        var page = await admin.GetJsonAsync("/api/tenants/pages/users?pageSize=2");
        var token = page.Str("continuationToken");
        var rest = await second.Operator.GetJsonAsync($"/api/tenants/pages/users?pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var tampered = await admin.GetAsync($"/api/tenants/pages/users?pageSize=2&continuationToken={Uri.EscapeDataString(forged)}");
        var otherTenant = await first.Operator.GetAsync($"/api/tenants/other/users?pageSize=2&continuationToken={Uri.EscapeDataString(token)}");
        var otherFilter = await admin.GetAsync($"/api/tenants/pages/users?pageSize=2&status=active&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain("pages.example", token, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pages.example", Decoded(token), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["cy@pages.example"], rest.GetProperty("items").EnumerateArray().Select(u => u.Str("email")));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherFilter.StatusCode);
    }

    private static string Decoded(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            return Encoding.Latin1.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=')));
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
