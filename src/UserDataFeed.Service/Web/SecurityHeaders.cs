using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Web;

/// <summary>The security headers of every page the service serves (the admin page, the API docs): one place, so they cannot drift apart.</summary>
public static class SecurityHeaders
{
    /// <summary>Sets <paramref name="contentSecurityPolicy"/>, no referrer, no content sniffing and no framing on <paramref name="response"/>.</summary>
    public static void Apply(HttpResponse response, string contentSecurityPolicy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
    }
}
