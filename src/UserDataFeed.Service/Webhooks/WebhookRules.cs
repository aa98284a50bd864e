using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace UserDataFeed.Service.Webhooks;

/// <summary>The events a webhook may subscribe to.</summary>
public static class WebhookEvents
{
    public const string ImportCompleted = "import.completed";
    public const string ImportCompletedWithErrors = "import.completedWithErrors";
    public const string ImportFailed = "import.failed";
    public const string ImportHeld = "import.held";
    public const string FeedStale = "feed.stale";
    public const string FeedPaused = "feed.paused";

    public static readonly IReadOnlyList<string> All = [ImportCompleted, ImportCompletedWithErrors, ImportFailed, ImportHeld, FeedStale, FeedPaused];
}

/// <summary>Pure rules of webhooks: names, URLs, secrets and the signature.</summary>
public static partial class WebhookRules
{
    public const int MaxWebhooks = 10;
    public const int MaxUrlLength = 2000;

    public const string SignatureHeader = "X-UserDataFeed-Signature";
    public const string EventHeader = "X-UserDataFeed-Event";
    public const string DeliveryHeader = "X-UserDataFeed-Delivery";

    public const string NameRule = "A webhook name is 1–40 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.";

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>
    /// Why a URL may not be a webhook's, or null when it may: absolute https to a public host (<see cref="WebhookAddressRule"/>)
    /// on port 443 or 1024–65535, or http to loopback when allowed; no credentials, no fragment.
    /// </summary>
    public static string? UrlProblem(string? url, bool allowHttpLoopback)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "url is required: the https address the events are posted to.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"url is at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown || string.IsNullOrEmpty(uri.Host))
        {
            return "url must be an absolute URL such as https://hooks.example.com/udf.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "url must not carry a user name or password; the signature authenticates the service.";
        }

        if (uri.Fragment.Length > 0)
        {
            return "url must not have a fragment (#…).";
        }

        var loopback = WebhookAddressRule.IsLoopbackHost(uri);
        var schemeProblem = uri.Scheme switch
        {
            "https" => null,
            "http" when loopback && allowHttpLoopback => null,
            "http" when loopback => "url must use https; http to a loopback address is allowed only with the development setting Webhooks:AllowHttpLoopback.",
            _ => "url must use https.",
        };
        if (schemeProblem is not null)
        {
            return schemeProblem;
        }

        if (WebhookAddressRule.HostProblem(uri, allowLoopback: uri.Scheme == "http") is { } hostProblem)
        {
            return $"url must reach a public host: {hostProblem}";
        }

        return WebhookAddressRule.PortProblem(uri.Port) is { } portProblem ? $"url: {portProblem}" : null;
    }

    /// <summary>A new secret: 32 random bytes, base64url, with a prefix that says what it is.</summary>
    public static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The signature header's value: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;</c>.</summary>
    public static string Signature(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9_-]{0,39}\z")] // \z, not $: '$' also matches before a final "\n"
    private static partial Regex NamePattern();
}
