using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UserDataFeed.Adapters.Rgw;

/// <summary>AWS Signature Version 4 for plain HTTP requests (the RGW Admin Ops API has no SDK client).</summary>
public static class SigV4Signer
{
    private static readonly string EmptyPayloadHash = Convert.ToHexStringLower(SHA256.HashData([]));

    public static void Sign(HttpRequestMessage request, string accessKey, string secretKey, string region, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

        request.Headers.Host = host;
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.Add("x-amz-content-sha256", EmptyPayloadHash);

        const string signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        var canonical = string.Join('\n',
            request.Method.Method,
            CanonicalPath(uri.AbsolutePath),
            CanonicalQuery(uri.Query),
            $"host:{host}",
            $"x-amz-content-sha256:{EmptyPayloadHash}",
            $"x-amz-date:{amzDate}",
            "",
            signedHeaders,
            EmptyPayloadHash);
        var scope = $"{date}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, "s3");
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, toSign));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    internal static string CanonicalPath(string path) =>
        string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.UnescapeDataString(segment))));

    internal static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..]);
                return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
