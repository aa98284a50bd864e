using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

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
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] key = HKDF.DeriveKey(
        HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Value.OperatorKey), 32, info: "UserDataFeed webhook secrets v1"u8.ToArray());

    public string Seal(string tenantId, string name, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Bound(tenantId, name));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret, or null when it was not sealed with this configuration for this webhook.</summary>
    public string? Open(string tenantId, string name, string sealedSecret)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(sealedSecret);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[bytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes, plain.Length), bytes.AsSpan(NonceBytes + plain.Length), plain, Bound(tenantId, name));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Bound(string tenantId, string name) => Encoding.UTF8.GetBytes($"{tenantId}|{name}");
}
