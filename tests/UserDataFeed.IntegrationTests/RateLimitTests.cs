using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UserDataFeed.Functions;
using UserDataFeed.Service;
using UserDataFeed.Service.Api;

namespace UserDataFeed.IntegrationTests;

/// <summary>Rate limits per token, per tenant and per address without a valid token: 429 with Retry-After and a problem, in both hosts.</summary>
public sealed class RateLimitTests
{
    /// <summary>Small limits over an hour, so the real time a test takes refills nothing worth counting; the clock moves the hour on.</summary>
    private static void SmallLimits(Dictionary<string, string?> settings)
    {
        settings["RateLimits:PerTokenPermits"] = "5";
        settings["RateLimits:PerTokenWindow"] = "01:00:00";
        settings["RateLimits:PerTenantPermits"] = "8";
        settings["RateLimits:PerTenantWindow"] = "01:00:00";
        settings["RateLimits:PerAddressPermits"] = "3";
        settings["RateLimits:PerAddressWindow"] = "01:00:00";
    }

    [Fact]
    public async Task Requests_over_a_token_tenant_or_address_limit_get_429_with_retry_after_until_the_clock_moves_on()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(SmallLimits, s => s.AddSingleton<TimeProvider>(clock));
        var first = await service.OnboardTenantAsync("limited");   // the operator's requests 1 and 2
        var second = await service.AdminAsync("limited");          // 3
        var otherTenant = await service.OnboardTenantAsync("unlimited"); // 4 and 5
        var operatorOver = await service.Operator.GetAsync("/api/tenants/limited");
        clock.Advance(TimeSpan.FromHours(1));

        var firstAnswers = await StatusesAsync(first, "/api/tenants/limited/fields", 5);
        var firstOver = await first.GetAsync("/api/tenants/limited/fields");
        var secondAnswers = await StatusesAsync(second, "/api/tenants/limited/fields", 3); // its own 3 of 5, the tenant's 6 to 8
        var secondOver = await second.GetAsync("/api/tenants/limited/fields");
        var otherTenantAnswer = await otherTenant.GetAsync("/api/tenants/unlimited/fields");
        var anonymous = await StatusesAsync(service.Client(null), "/api/tenants/limited/fields", 3);
        var anonymousOver = await service.Client(null).GetAsync("/api/tenants/limited/fields");
        var unknownTokenOver = await service.Client("udf.limited.not-a-token").GetAsync("/api/tenants/limited/fields");

        await AssertTooManyAsync(operatorOver, "token");
        Assert.All(firstAnswers, s => Assert.Equal(HttpStatusCode.OK, s));
        await AssertTooManyAsync(firstOver, "token");
        Assert.All(secondAnswers, s => Assert.Equal(HttpStatusCode.OK, s));
        await AssertTooManyAsync(secondOver, "tenant");
        Assert.Equal(HttpStatusCode.OK, otherTenantAnswer.StatusCode);
        Assert.All(anonymous, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        await AssertTooManyAsync(anonymousOver, "without a valid token");
        await AssertTooManyAsync(unknownTokenOver, "without a valid token");

        clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/tenants/limited/fields")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/tenants/limited/fields")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Operator.GetAsync("/api/tenants/limited")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client(null).GetAsync("/api/tenants/limited/fields")).StatusCode);
    }

    [Fact]
    public async Task Functions_host_enforces_the_same_limit_in_process()
    {
        var clock = new MovableClock();
        var settings = TestService.NewSettings();
        settings["RateLimits:PerTokenPermits"] = "2";
        settings["RateLimits:PerTokenWindow"] = "01:00:00";
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock)
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        await FunctionCalls.StartAsync(services);
        var tenants = new TenantFunctions(services.GetRequiredService<HttpFunctionRunner>());
        var operatorKey = settings["Auth:OperatorKey"]!;

        var put = await FunctionCalls.InvokeAsync(services, "PUT", "/api/tenants/fnlimit", operatorKey, """{"displayName":"Limited","feedEnabled":true}""", tenants.PutTenant);
        var get = await FunctionCalls.InvokeAsync(services, "GET", "/api/tenants/fnlimit", operatorKey, null, tenants.GetTenant);
        var over = await FunctionCalls.InvokeAsync(services, "GET", "/api/tenants/fnlimit", operatorKey, null, tenants.GetTenant);
        clock.Advance(TimeSpan.FromHours(1));
        var later = await FunctionCalls.InvokeAsync(services, "GET", "/api/tenants/fnlimit", operatorKey, null, tenants.GetTenant);

        Assert.Equal((201, 200), (put.Status, get.Status));
        Assert.Equal((429, "application/problem+json"), (over.Status, over.ContentType?.Split(';')[0]));
        Assert.InRange(int.Parse(over.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 1800);
        Assert.Contains("token", JsonDocument.Parse(over.Body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, later.Status);
    }

    [Fact]
    public void Default_limits_refuse_a_burst_of_a_thousand_requests_in_ten_seconds_but_never_a_busy_admin_session()
    {
        var clock = new MovableClock();
        using var limits = new RequestLimits(Options.Create(new RateLimitOptions()), clock);
        var http = new DefaultHttpContext();

        var burstRefused = 0;
        for (var i = 0; i < 1000; i++)
        {
            burstRefused += limits.Admit(http, LimitScope.Token, "burst") is null ? 0 : 1;
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Two admins of one tenant with the page open for an hour: 40 calls to sign in, then 2 a second each
        // (a running import's progress, a list and its pages).
        var sessionRefused = 0;
        foreach (var token in new[] { "admin-1", "admin-2" })
        {
            for (var i = 0; i < 40; i++)
            {
                sessionRefused += Admit(limits, http, token);
            }
        }

        for (var second = 0; second < 3600; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            for (var call = 0; call < 2; call++)
            {
                sessionRefused += Admit(limits, http, "admin-1") + Admit(limits, http, "admin-2");
            }
        }

        Assert.InRange(burstRefused, 250, 400); // 600 at once, then 10 a second
        Assert.Equal(0, sessionRefused);
    }

    private static int Admit(RequestLimits limits, HttpContext http, string token) =>
        limits.Admit(http, LimitScope.Token, token) is null && limits.Admit(http, LimitScope.Tenant, "busy") is null ? 0 : 1;

    private static async Task<List<HttpStatusCode>> StatusesAsync(HttpClient client, string path, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            statuses.Add((await client.GetAsync(path)).StatusCode);
        }

        return statuses;
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"Expected 429, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = response.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("The 429 has no Retry-After in seconds.");
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(20)); // the next permit: an hour over 3, 5 or 8
    }
}
