using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace UserDataFeed.Service.Scim;

/// <summary>The typed results of SCIM handlers, written as <c>application/scim+json</c> (RFC 7644 §3.1).</summary>
public static class ScimResults
{
    public const string ContentType = "application/scim+json";

    /// <summary>A SCIM error (RFC 7644 §3.12): <paramref name="scimType"/> only where the RFC defines one (mostly 400).</summary>
    public static ScimErrorResult Error(int status, string? scimType, string detail) => new(status, scimType, detail);

    /// <summary>A resource (or a list response) with its status, its <c>ETag</c> (<c>meta.version</c>) and <c>Location</c> when given.</summary>
    public static ScimResourceResult Resource(JsonNode json, int status = StatusCodes.Status200OK, string? etag = null, string? location = null) =>
        new(json, status, etag, location);

    /// <summary>A resource a request created (201, with its <c>Location</c> and <c>ETag</c>: RFC 7644 §3.3).</summary>
    public static ScimCreatedResult Created(JsonNode json, string location, string? etag = null) =>
        new(new ScimResourceResult(json, StatusCodes.Status201Created, etag, location));

    internal static Task WriteAsync<T>(HttpContext http, int status, T body, JsonSerializerOptions? options = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, options ?? JsonSerializerOptions.Web), http.RequestAborted);
    }
}

/// <summary>The body of a SCIM error (RFC 7644 §3.12); <see cref="Status"/> is the HTTP status as a string, as the RFC writes it.</summary>
public sealed record ScimErrorDto(
    IReadOnlyList<string> Schemas,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ScimType,
    string Detail)
{
    public const string Urn = "urn:ietf:params:scim:api:messages:2.0:Error";
}

/// <summary>A SCIM error answer (<see cref="ScimResults.Error"/>).</summary>
public sealed class ScimErrorResult(int status, string? scimType, string detail, TimeSpan? retryAfter = null) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => status;

    public string ContentType => ScimResults.ContentType;

    public ScimErrorDto Body { get; } = new([ScimErrorDto.Urn], status.ToString(System.Globalization.CultureInfo.InvariantCulture), scimType, detail);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers[HeaderNames.RetryAfter] = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ScimResults.WriteAsync(httpContext, status, Body);
    }
}

/// <summary>A SCIM resource answer (<see cref="ScimResults.Resource"/>); declared as a 200 of <c>application/scim+json</c>.</summary>
public sealed class ScimResourceResult(JsonNode json, int status, string? etag, string? location) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => status;

    public string ContentType => ScimResults.ContentType;

    public JsonNode Json => json;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (etag is not null)
        {
            httpContext.Response.Headers[HeaderNames.ETag] = etag;
        }

        if (location is not null)
        {
            httpContext.Response.Headers[HeaderNames.Location] = location;
        }

        return ScimResults.WriteAsync(httpContext, status, json);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(JsonObject), [ScimResults.ContentType]));
}

/// <summary>A SCIM resource a request created (<see cref="ScimResults.Created"/>); declared as a 201 of <c>application/scim+json</c>.</summary>
public sealed class ScimCreatedResult(ScimResourceResult resource) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status201Created;

    public string ContentType => ScimResults.ContentType;

    public JsonNode Json => resource.Json;

    public Task ExecuteAsync(HttpContext httpContext) => resource.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(JsonObject), [ScimResults.ContentType]));
}
