using Microsoft.Extensions.Options;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The <c>continuationToken</c> of list routes: the store's own token (which carries row keys, i.e. emails)
/// encrypted and authenticated with AES-GCM under a key derived from the operator key, bound to the list it
/// came from (route, tenant and filters). So a token is opaque, a forged or altered one is refused, and every
/// instance sharing the configuration reads the others' tokens. Changing the operator key voids open tokens.
/// </summary>
public sealed class ContinuationTokens(IOptions<AuthOptions> options)
{
    private readonly SealedText sealer = new(options.Value.OperatorKey, "UserDataFeed continuation tokens v1");

    public static readonly string InvalidMessage =
        "continuationToken is not one this list gave out (or the list's filters changed since): request the first page again without it.";

    /// <summary>The token to hand out for the store's <paramref name="storeToken"/>, or null at the end of the list.</summary>
    public string? Protect(string list, string? storeToken)
    {
        if (storeToken is null)
        {
            return null;
        }

        var sealedBytes = sealer.Seal(storeToken, list);
        return Convert.ToBase64String(sealedBytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The store's token inside <paramref name="token"/>; false when it was not made by <see cref="Protect"/> for this list.</summary>
    public bool TryUnprotect(string list, string token, out string? storeToken)
    {
        storeToken = null;
        var b64 = token.Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        var bytes = new byte[b64.Length];
        if (!Convert.TryFromBase64String(b64, bytes, out var length))
        {
            return false;
        }

        storeToken = sealer.Open(bytes.AsSpan(0, length), list);
        return storeToken is not null;
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
