using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;
using UserDataFeed.Service.Web;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The interactive docs of the OpenAPI document at <c>/api/docs</c> (<c>Scalar.AspNetCore</c>), as both hosts map
/// them: Scalar's own bundle is served by the app, and neither fonts nor telemetry come from elsewhere. Every answer
/// carries the pages' security headers (<see cref="SecurityHeaders"/>); the page's policy lets its own inline script run,
/// by hash, and no other.
/// </summary>
public static partial class ApiDocsEndpoints
{
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder routes)
    {
        routes.MapScalarApiReference("/" + Routes.Docs, docs =>
        {
            docs.OpenApiRoutePattern = "/" + Routes.OpenApi;
            docs.Title = "UserDataFeed API";
            docs.DefaultFonts = false;
            docs.Telemetry = false;
        })
        .Add(endpoint =>
        {
            var serve = endpoint.RequestDelegate!;
            // The page is the one route with a parameter (the document's name); the others are Scalar's fixed files.
            endpoint.RequestDelegate = endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 }
                ? context => ServePageAsync(context, serve)
                : context =>
                {
                    SecurityHeaders.Apply(context.Response, ContentSecurityPolicy([]));
                    return serve(context);
                };
        });
        return routes;
    }

    /// <summary>
    /// The docs' policy: Scalar's scripts from this origin and the inline scripts whose SHA-256 (base64) is in
    /// <paramref name="inlineScriptHashes"/>; its styles; images and fonts from here or data URLs; calls to this origin only; never framed.
    /// </summary>
    public static string ContentSecurityPolicy(IEnumerable<string> inlineScriptHashes) =>
        $"default-src 'none'; script-src 'self'{string.Concat(inlineScriptHashes.Select(h => $" 'sha256-{h}'"))}; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>The SHA-256 (base64) of each inline script of <paramref name="html"/>, as a browser hashes it (line ends as LF).</summary>
    public static IEnumerable<string> InlineScriptHashes(string html) =>
        ScriptElement().Matches(html)
            .Where(m => !m.Groups["attributes"].Value.Contains("src=", StringComparison.OrdinalIgnoreCase))
            .Select(m => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["text"].Value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')))));

    /// <summary>Runs Scalar's page into a buffer, so its header can name the hashes of the scripts it holds, then sends it.</summary>
    private static async Task ServePageAsync(HttpContext context, RequestDelegate serve)
    {
        var response = context.Response;
        var body = response.Body;
        using var page = new MemoryStream();
        response.Body = page;
        try
        {
            await serve(context);
        }
        finally
        {
            response.Body = body;
        }

        SecurityHeaders.Apply(response, ContentSecurityPolicy(InlineScriptHashes(Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length))));
        page.Position = 0;
        await page.CopyToAsync(body, context.RequestAborted);
    }

    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<text>.*?)</script\\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptElement();
}
