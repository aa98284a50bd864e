using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// A SCIM handler's body parameter: the request body read with <see cref="ScimBody.Parse"/> (not the framework's JSON
/// binding, which would accept what SCIM refuses). It takes <c>application/scim+json</c> or <c>application/json</c>
/// (RFC 7644 §3.1; else 415) of at most <see cref="MaxBytes"/> (else 413); what it cannot read is <c>invalidSyntax</c>.
/// Each refusal is thrown as a <see cref="ScimException"/>, which the SCIM route answers as a SCIM error. Bound after the
/// route checks, so nothing is read from a caller without a valid token.
/// </summary>
public sealed class ScimRequestBody : IEndpointParameterMetadataProvider
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly string[] ContentTypes = [ScimResults.ContentType, "application/json"];

    private ScimRequestBody(JsonNode json) => Json = json;

    /// <summary>The body as JSON, every part of it readable (<see cref="ScimBody"/>).</summary>
    public JsonNode Json { get; }

    public static async ValueTask<ScimRequestBody?> BindAsync(HttpContext http) => new(await ReadAsync(http));

    /// <summary>Reads and parses the request's body; throws a <see cref="ScimException"/> (415, 413 or 400 <c>invalidSyntax</c>) when it cannot.</summary>
    public static async Task<JsonNode> ReadAsync(HttpContext http)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !ContentTypes.Any(accepted => type.MediaType.Equals(accepted, StringComparison.OrdinalIgnoreCase)))
        {
            throw ScimErrors.Untyped(StatusCodes.Status415UnsupportedMediaType, string.IsNullOrEmpty(request.ContentType)
                ? "The request has no Content-Type: send the body as 'application/scim+json' (or 'application/json')."
                : $"The body is sent as '{request.ContentType}': send it as 'application/scim+json' (or 'application/json').");
        }

        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, n);
        }

        return ScimBody.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Declares the SCIM content type only: a route that lists <c>application/json</c> is one whose body the framework binds
    /// (<see cref="Api.JsonBody"/>), which this one is not.
    /// </summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata([ScimResults.ContentType], typeof(JsonObject)));

    private static ScimException TooLarge() =>
        ScimErrors.Untyped(StatusCodes.Status413PayloadTooLarge, $"A SCIM body is at most {MaxBytes:N0} bytes.");
}
