using Amazon.S3;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Auth;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Api;

/// <summary>
/// Runs one API route for either host: finds the route values, checks the caller's token (authenticate,
/// then authorise), then the tenant id and the body's content type, calls the handler, and turns bad
/// input and store outages into problem responses.
/// </summary>
public sealed class ApiDispatcher(Authenticator authenticator, IOptions<S3Options> s3, ILogger<ApiDispatcher> logger)
{
    private readonly string bucketPrefix = s3.Value.BucketPrefix;

    /// <summary>Authenticates, then authorises, then validates (tenant id, content type), then runs the handler.</summary>
    public async Task<IResult> InvokeAsync(ApiRoute route, HttpContext http)
    {
        var cancellation = http.RequestAborted;
        var values = http.Request.RouteValues.Count > 0 ? http.Request.RouteValues : Match(route, http.Request.Path);
        var tenantId = values["tenantId"]?.ToString() ?? "";
        try
        {
            switch (await authenticator.AuthorizeAsync(http.Request, tenantId, route.Access, cancellation))
            {
                case AuthOutcome.Unauthenticated:
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return Problems.Unauthorized("Send 'Authorization: Bearer <token>' with the operator key or a valid tenant admin token (not revoked, not expired).");
                case AuthOutcome.Forbidden:
                    return Problems.Forbidden(route.Access == Access.Operator
                        ? "Only the operator key may call this route."
                        : "This token belongs to another tenant.");
            }

            if (TenantId.Problem(tenantId, bucketPrefix) is { } invalid)
            {
                return Problems.Validation("tenantId", invalid);
            }

            if (UnsupportedBody(route.Body, http.Request) is { } unsupported)
            {
                return unsupported;
            }

            return await route.Handler(new ApiCall(http, values, tenantId, cancellation));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(ex.Message);
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

    /// <summary>415 for a JSON route called with another content type (or none) and a body.</summary>
    public static IResult? UnsupportedBody(RequestBody body, HttpRequest request)
    {
        // An optional body is let through when it may be absent; JsonBody checks it once it has content.
        if (body is not (RequestBody.Json or RequestBody.OptionalJson) || (body == RequestBody.OptionalJson && request.ContentLength is not > 0))
        {
            return null;
        }

        if (request.HasJsonContentType())
        {
            return null;
        }

        var sent = request.ContentType;
        return Problems.UnsupportedMediaType(string.IsNullOrEmpty(sent)
            ? "The request has no Content-Type: this route takes a JSON body, sent with 'Content-Type: application/json'."
            : $"The body is sent as '{sent}': this route takes a JSON body, sent with 'Content-Type: application/json'.");
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
