using Microsoft.Extensions.Options;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Webhooks;

/// <summary>
/// Webhook secrets at rest: sealed with AES-GCM under a key derived (HKDF-SHA256) from the operator key, bound to the
/// tenant and the webhook's name, so a sealed secret read from the table is useless without the configuration, and
/// cannot be moved to another webhook. The service needs the secret itself to sign, so it is not hashed. Changing
/// <c>Auth:OperatorKey</c> makes the sealed secrets unreadable: deliveries then fail with that reason until each
/// webhook's secret is rotated (<c>PUT</c> with <c>rotateSecret</c>).
/// </summary>
public sealed class WebhookSecrets(IOptions<AuthOptions> options)
{
    private readonly SealedText sealer = new(options.Value.OperatorKey, "UserDataFeed webhook secrets v1");

    public string Seal(string tenantId, string name, string secret) => Convert.ToBase64String(sealer.Seal(secret, Bound(tenantId, name)));

    /// <summary>The secret, or null when it was not sealed with this configuration for this webhook.</summary>
    public string? Open(string tenantId, string name, string sealedSecret)
    {
        try
        {
            return sealer.Open(Convert.FromBase64String(sealedSecret), Bound(tenantId, name));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Bound(string tenantId, string name) => $"{tenantId}|{name}";
}
