using System.Security.Cryptography;
using System.Text;

namespace UserDataFeed.Service.Auth;

/// <summary>
/// Text sealed with AES-GCM under a key derived (HKDF-SHA256) from the operator key for one purpose, bound to a context
/// (a list, a tenant's webhook): opaque, refused when altered or opened in another context, and readable by every
/// instance sharing the configuration. Changing <c>Auth:OperatorKey</c> makes what was sealed unreadable.
/// </summary>
public sealed class SealedText(string operatorKey, string purpose)
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(operatorKey), 32, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>Nonce, ciphertext and tag of <paramref name="text"/>, bound to <paramref name="context"/>.</summary>
    public byte[] Seal(string text, string context)
    {
        var plain = Encoding.UTF8.GetBytes(text);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(context));
        return sealedBytes;
    }

    /// <summary>The text <see cref="Seal"/> made for <paramref name="context"/>, or null when these bytes are not that.</summary>
    public string? Open(ReadOnlySpan<byte> sealedBytes, string context)
    {
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        try
        {
            aes.Decrypt(sealedBytes[..NonceBytes], sealedBytes.Slice(NonceBytes, plain.Length), sealedBytes[(NonceBytes + plain.Length)..], plain, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }
}
