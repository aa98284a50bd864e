using System.Collections.Frozen;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Web;

/// <summary>
/// The admin's web page: static files embedded in this assembly (<c>Web/assets</c>), so both hosts serve the same
/// bytes with no CDN. <see cref="Serve"/> maps a path under <see cref="AssetPrefix"/> (or the page itself) to a response
/// carrying the page's security headers. The page calls the public API only, with the token in the Authorization header.
/// </summary>
public static class AdminPage
{
    /// <summary>Where the page's files are served; the page itself is at <c>/</c>.</summary>
    public const string AssetPrefix = "app";

    /// <summary>No inline script or style, nothing from another origin, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "web/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, byte[]> Assets = LoadAssets();

    /// <summary>The asset paths, relative to <see cref="AssetPrefix"/> (e.g. <c>js/app.js</c>).</summary>
    public static IEnumerable<string> AssetPaths => Assets.Keys.Where(k => k != "index.html");

    /// <summary>The page for an empty path, an asset for its path relative to <see cref="AssetPrefix"/>, else 404.</summary>
    public static IResult Serve(string? assetPath)
    {
        var path = string.IsNullOrEmpty(assetPath) ? "index.html" : assetPath.TrimStart('/');
        return Assets.TryGetValue(path, out var bytes) && ContentTypes.TryGetValue(Path.GetExtension(path), out var type)
            ? new AssetResult(bytes, type)
            : new AssetResult("Not found."u8.ToArray(), "text/plain; charset=utf-8", StatusCodes.Status404NotFound);
    }

    private static FrozenDictionary<string, byte[]> LoadAssets()
    {
        var assembly = typeof(AdminPage).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[ResourcePrefix.Length..].Replace('\\', '/'), n => Read(assembly, n), StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class AssetResult(byte[] bytes, string contentType, int status = StatusCodes.Status200OK) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            SecurityHeaders.Apply(response, ContentSecurityPolicy);
            response.Headers.CacheControl = "no-cache"; // small files; a new version is picked up at once
            return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }
}
