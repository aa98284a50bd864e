using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace UserDataFeed.Service.Api;

/// <summary>What a request is counted against.</summary>
public enum LimitScope
{
    /// <summary>The bearer token sent, valid or not (partitioned by a hash of it, never the token).</summary>
    Token,

    /// <summary>A token shaped as a SCIM token, valid or not (<see cref="Auth.ScimTokens"/>; by a hash, as <see cref="Token"/>).</summary>
    ScimToken,

    /// <summary>The tenant whose admin token was accepted on the tenant's own routes.</summary>
    Tenant,

    /// <summary>The client address of a request without a valid token.</summary>
    Address,
}

/// <summary>
/// The API's rate limits (<see cref="RateLimitOptions"/>), checked by <see cref="RouteChecks"/> in both hosts: one
/// <see cref="PartitionedRateLimiter"/> of <see cref="ClockedTokenBucket"/>s on the service's clock, a bucket per
/// token (a SCIM token's with limits of its own), per tenant and per address. A refused request is answered 429 with <c>Retry-After</c> and a problem.
/// </summary>
public sealed class RequestLimits(IOptions<RateLimitOptions> options, TimeProvider time) : IDisposable
{
    private readonly RateLimitOptions limits = options.Value;

    private readonly PartitionedRateLimiter<(LimitScope Scope, string Key)> buckets = PartitionedRateLimiter.Create<(LimitScope Scope, string Key), (LimitScope Scope, string Key)>(
        resource => RateLimitPartition.Get(resource, r => Bucket(options.Value, r.Scope, time)));

    /// <summary>The partition of a bearer token: a hash, so no token is kept in memory by the limiter.</summary>
    public static string TokenKey(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The partition of a request's client address (the connection's remote address).</summary>
    public static string AddressKey(HttpContext http) => http.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : IPAddress.None.ToString();

    /// <summary>Counts the request against <paramref name="scope"/>'s bucket <paramref name="key"/>: null when it may go on, else the 429 to answer (its <c>Retry-After</c> is set on the response).</summary>
    public ProblemHttpResult? Admit(HttpContext http, LimitScope scope, string key)
    {
        using var lease = buckets.AttemptAcquire((scope, key));
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.TooManyRequests(Reason(scope, seconds));
    }

    private string Reason(LimitScope scope, long seconds) => scope switch
    {
        LimitScope.Token => $"This token has sent more than {limits.PerTokenPermits} requests in {Describe(limits.PerTokenWindow)}. Try again in {seconds} s.",
        LimitScope.ScimToken => $"This SCIM token has sent more than {limits.ScimPerTokenPermits} requests in {Describe(limits.ScimPerTokenWindow)}. Try again in {seconds} s.",
        LimitScope.Tenant => $"This tenant's admin tokens together have sent more than {limits.PerTenantPermits} requests in {Describe(limits.PerTenantWindow)}. Try again in {seconds} s.",
        _ => $"This address has sent more than {limits.PerAddressPermits} requests without a valid token in {Describe(limits.PerAddressWindow)}. Try again in {seconds} s.",
    };

    private static string Describe(TimeSpan window) => $"{window.TotalSeconds:0.###} s";

    private static ClockedTokenBucket Bucket(RateLimitOptions limits, LimitScope scope, TimeProvider time) => scope switch
    {
        LimitScope.Token => new ClockedTokenBucket(limits.PerTokenPermits, limits.PerTokenWindow, time),
        LimitScope.ScimToken => new ClockedTokenBucket(limits.ScimPerTokenPermits, limits.ScimPerTokenWindow, time),
        LimitScope.Tenant => new ClockedTokenBucket(limits.PerTenantPermits, limits.PerTenantWindow, time),
        _ => new ClockedTokenBucket(limits.PerAddressPermits, limits.PerAddressWindow, time),
    };

    public void Dispose() => buckets.Dispose();
}
