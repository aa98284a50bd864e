using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The <c>continuationToken</c> of list routes: the store's own token (which carries row keys, i.e. emails)
/// encrypted and authenticated with AES-GCM under a key derived from the operator key, bound to the list it
/// came from (route, tenant and filters). So a token is opaque, a forged or altered one is refused, and every
/// instance sharing the configuration reads the others' tokens. Changing the operator key voids open tokens.
/// </summary>
public sealed class ContinuationTokens(IOptions<AuthOptions> options)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] key = HKDF.DeriveKey(
        HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.Value.OperatorKey), 32, info: "UserDataFeed continuation tokens v1"u8.ToArray());

    public static readonly string InvalidMessage =
        "continuationToken is not one this list gave out (or the list's filters changed since): request the first page again without it.";

    /// <summary>The token to hand out for the store's <paramref name="storeToken"/>, or null at the end of the list.</summary>
    public string? Protect(string list, string? storeToken)
    {
        if (storeToken is null)
        {
            return null;
        }

        var plain = Encoding.UTF8.GetBytes(storeToken);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(list));
        return Convert.ToBase64String(sealedBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The store's token inside <paramref name="token"/>; false when it was not made by <see cref="Protect"/> for this list.</summary>
    public bool TryUnprotect(string list, string token, out string? storeToken)
    {
        storeToken = null;
        var b64 = token.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        var bytes = new byte[b64.Length];
        if (!Convert.TryFromBase64String(b64, bytes, out var length) || length < NonceBytes + TagBytes)
        {
            return false;
        }

        var sealedBytes = bytes.AsSpan(0, length);
        var plain = new byte[length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, plain.Length), sealedBytes[(NonceBytes + plain.Length)..], plain, Encoding.UTF8.GetBytes(list));
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        storeToken = Encoding.UTF8.GetString(plain);
        return true;
    }

    /// <summary>
    /// Reads a list's <paramref name="token"/> as sent: the store's token (null for the first page), or false when it
    /// is not one <see cref="Protect"/> made for <paramref name="list"/>.
    /// </summary>
    public bool TryRead(string? token, string list, out string? storeToken)
    {
        storeToken = null;
        return string.IsNullOrEmpty(token) || TryUnprotect(list, token, out storeToken);
    }
}
