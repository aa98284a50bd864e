using System.Net;
using System.Net.Http.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>Tenant ids that would make an invalid bucket name are refused up front; callers are authenticated before anything else.</summary>
public sealed class TenantIdTests
{
    [Theory]
    [InlineData("abc-", "start and end with a letter or digit")]
    [InlineData("-abc", "start and end with a letter or digit")]
    [InlineData("ab", "3–40 characters")]
    [InlineData("Abc", "a-z, 0-9 and '-'")]
    [InlineData("abc-s3alias", "-s3alias")]
    [InlineData("abc--ol-s3", "--ol-s3")]
    public async Task Tenant_id_that_breaks_a_rule_is_400_naming_the_rule(string tenantId, string rule)
    {
        await using var service = await TestService.StartAsync();

        var response = await service.Operator.PutAsJsonAsync($"/api/tenants/{tenantId}", new { displayName = "Bad", feedEnabled = true });
        var problem = await CsvUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(rule, problem.GetRawText().Replace("\\u2013", "–", StringComparison.Ordinal).Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xn--abc", "xn--")]
    [InlineData("sthree-abc", "sthree-")]
    public async Task Tenant_id_that_makes_a_reserved_bucket_prefix_is_400_naming_it(string tenantId, string rule)
    {
        await using var service = await TestService.StartAsync(s => s["S3:BucketPrefix"] = "");

        var response = await service.Operator.PutAsJsonAsync($"/api/tenants/{tenantId}", new { displayName = "Bad", feedEnabled = true });
        var problem = await CsvUploadTests.ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(rule, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_without_a_token_is_401_even_when_the_tenant_id_is_malformed()
    {
        await using var service = await TestService.StartAsync();

        var anonymous = await service.Client(null).GetAsync("/api/tenants/Bad_Id/users");
        var badToken = await service.Client("not-a-token").GetAsync("/api/tenants/abc-/users");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
    }
}
