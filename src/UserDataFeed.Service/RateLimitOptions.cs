using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Service;

/// <summary>
/// Settings section <c>RateLimits</c>: how many API requests a token, a tenant and a client address without a valid
/// token may send per window (a token bucket each: that many at once, refilled evenly over the window).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests one bearer token (the operator key or an admin token) may send per <see cref="PerTokenWindow"/>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PerTokenPermits must be between 1 and 1000000.")]
    public int PerTokenPermits { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "RateLimits:PerTokenWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan PerTokenWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Requests one SCIM token may send per <see cref="ScimPerTokenWindow"/>: an identity provider's first cycle sends a
    /// burst (a lookup and a write per user), so its bucket is larger than an admin token's, and it is counted on its own.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:ScimPerTokenPermits must be between 1 and 1000000.")]
    public int ScimPerTokenPermits { get; set; } = 3000;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "RateLimits:ScimPerTokenWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan ScimPerTokenWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests all of a tenant's admin tokens together may send per <see cref="PerTenantWindow"/> (the operator key is not counted).</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PerTenantPermits must be between 1 and 1000000.")]
    public int PerTenantPermits { get; set; } = 1200;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "RateLimits:PerTenantWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan PerTenantWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests without a valid token (each answered 401) one client address may send per <see cref="PerAddressWindow"/>.</summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:PerAddressPermits must be between 1 and 1000000.")]
    public int PerAddressPermits { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "RateLimits:PerAddressWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromMinutes(1);
}
