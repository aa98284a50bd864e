using System.Text.Json;
using Amazon.S3;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Logging;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Auth;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Api;

/// <summary>
/// Runs one API route for either host: finds the route values, checks the tenant id and the caller's
/// token, calls the handler, and turns bad input and store outages into problem responses.
/// </summary>
public sealed class ApiDispatcher(Authenticator authenticator, ILogger<ApiDispatcher> logger)
{
    public async Task<IResult> InvokeAsync(ApiRoute route, HttpContext http)
    {
        var cancellation = http.RequestAborted;
        var values = http.Request.RouteValues.Count > 0 ? http.Request.RouteValues : Match(route, http.Request.Path);
        var tenantId = values["tenantId"]?.ToString() ?? "";
        if (!TenantId.IsValid(tenantId))
        {
            return Problems.Validation("tenantId", "A tenant id is 3–40 characters of a-z, 0-9 and '-'.");
        }

        try
        {
            switch (await authenticator.AuthorizeAsync(http.Request, tenantId, route.Access, cancellation))
            {
                case AuthOutcome.Unauthenticated:
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return Problems.Unauthorized("Send 'Authorization: Bearer <token>' with the operator key or a tenant admin token.");
                case AuthOutcome.Forbidden:
                    return Problems.Forbidden(route.Access == Access.Operator
                        ? "Only the operator key may call this route."
                        : "This token belongs to another tenant.");
            }

            return await route.Handler(new ApiCall(http, values, tenantId, cancellation));
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not valid JSON for this route: {ex.Message}");
        }
        catch (BadHttpRequestException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
        catch (Exception ex) when (ex is RequestFailedException or AmazonS3Exception or HttpRequestException)
        {
            Log.StoreUnavailable(logger, ex, route.Name, tenantId);
            return Problems.Unavailable("A storage service did not answer as expected; try again shortly.");
        }
    }

    /// <summary>Route values for a host that does not route by template itself (the Functions worker).</summary>
    public static RouteValueDictionary Match(ApiRoute route, PathString path)
    {
        var template = TemplateParser.Parse($"{Routes.Prefix}/{route.Template}");
        var values = new RouteValueDictionary();
        new TemplateMatcher(template, new RouteValueDictionary()).TryMatch(path, values);
        return values;
    }
}
