using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Service;

/// <summary>Settings section <c>Webhooks</c>: which URLs a webhook may have, and how the outbox is delivered.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Development only: also allow <c>http://</c> URLs to a loopback address (127.0.0.1, ::1, localhost), checked again
    /// when connecting as every address is (<see cref="Webhooks.WebhookAddressRule"/>). Otherwise only https to public addresses.
    /// </summary>
    public bool AllowHttpLoopback { get; set; }

    /// <summary>How often the self-host's sender looks for due deliveries (the Functions app's timer runs every 15 seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "Webhooks:SendInterval must be between 00:00:00.050 and 00:10:00.")]
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failed attempt; each later one doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Webhooks:RetryDelay must be between 00:00:00.010 and 1.00:00:00.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00", ErrorMessage = "Webhooks:MaxRetryDelay must be between 00:00:00.010 and 7.00:00:00.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts of one delivery before it is given up (failed).</summary>
    [Range(1, 50, ErrorMessage = "Webhooks:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Webhooks:Timeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The part of <see cref="Timeout"/> resolving the host and connecting may take; every failed connection is recorded once it has passed.</summary>
    public TimeSpan ConnectTimeout => Timeout / 2;

    /// <summary>The wait before attempt <paramref name="failed"/> + 1, after <paramref name="failed"/> failed attempts (1 or more).</summary>
    public TimeSpan BackOff(int failed)
    {
        var ticks = RetryDelay.Ticks * Math.Pow(2, Math.Min(failed - 1, 30));
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
