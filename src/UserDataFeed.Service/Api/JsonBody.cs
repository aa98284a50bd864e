using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace UserDataFeed.Service.Api;

/// <summary>What a request body says when its top-level properties are not the body's (e.g. a mapping without its <c>fields</c> wrapper).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BodyHintAttribute(string hint) : Attribute
{
    public string Hint { get; } = hint;
}

/// <summary>
/// The JSON bodies of the API, which ASP.NET Core binds (<c>[FromBody]</c>, with the <see cref="JsonOptions"/> of
/// <see cref="Configure"/>). What is ours: the size limit, checked before binding (<see cref="PrepareAsync"/>), and the problem
/// a body the framework could not bind is answered with (<see cref="ProblemAsync"/>, from <see cref="ApiExceptionHandler"/>):
/// every unknown property at once, or the property of the wrong type and what it must be, in plain words.
/// </summary>
public static partial class JsonBody
{
    public const string ContentType = "application/json";

    /// <summary>Bodies are small; anything larger is not one of ours.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// The web defaults, but strict: a number sent as a string (<c>"20"</c>) is a wrong type, like any other, and a property
    /// the body does not have is refused rather than ignored.
    /// </summary>
    public static void Configure(JsonOptions options)
    {
        options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    /// <summary>The body type a route binds from JSON, if any.</summary>
    public static Type? TypeOf(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } type } accepts && accepts.ContentTypes.Contains(ContentType) ? type : null;

    /// <summary>
    /// Before a route with a JSON body binds it: the body is read into a buffer the binder then reads, and 413 when it is
    /// over <see cref="MaxBytes"/> (declared or sent); kept so that <see cref="ProblemAsync"/> can read it again. A body
    /// of another content type is left to the binder, which refuses it (415), but for an empty one, which the binder
    /// would take for an absent body: a route whose body is required refuses it as any other (415).
    /// </summary>
    public static async Task<ProblemHttpResult?> PrepareAsync(HttpContext http)
    {
        var request = http.Request;
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: not null } accepts || !accepts.ContentTypes.Contains(ContentType))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            return accepts.IsOptional ? null : UnsupportedType(request);
        }

        if (request.ContentLength > MaxBytes)
        {
            return TooLarge;
        }

        request.EnableBuffering();
        var chunk = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = await request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            total += n;
            if (total > MaxBytes)
            {
                return TooLarge;
            }
        }

        request.Body.Position = 0;
        return null;
    }

    public static ProblemHttpResult TooLarge => Problems.TooLarge($"A JSON body is at most {MaxBytes:N0} bytes.");

    /// <summary>415 for a body sent with another content type than JSON (or none).</summary>
    public static ProblemHttpResult UnsupportedType(HttpRequest request) => Problems.UnsupportedMediaType(string.IsNullOrEmpty(request.ContentType)
        ? "The request has no Content-Type: this route takes a JSON body, sent with 'Content-Type: application/json'."
        : $"The body is sent as '{request.ContentType}': this route takes a JSON body, sent with 'Content-Type: application/json'.");

    /// <summary>The problem of a JSON body the framework could not bind (<paramref name="failure"/>), or null when it is not one.</summary>
    public static async Task<ProblemHttpResult?> ProblemAsync(HttpContext http, Endpoint? endpoint, BadHttpRequestException failure)
    {
        if (TypeOf(endpoint) is not { } type || !http.Request.Body.CanSeek)
        {
            return null;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length == 0)
        {
            return Problems.BadRequest("The body is empty: this route takes a JSON object.");
        }

        if (failure.InnerException is not JsonException wrong)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException syntax)
        {
            return Problems.BadRequest($"The body is not valid JSON: {syntax.Message}");
        }

        using (document)
        {
            var info = options.GetTypeInfo(type);
            var unknown = new List<string>();
            FindUnknown(document.RootElement, info, "", unknown);
            if (unknown.Count > 0)
            {
                return UnknownProperties(info, unknown);
            }

            var (name, property, at) = Locate(info, wrong.Path);
            var expected = (property?.AttributeProvider as MemberInfo)?.GetCustomAttribute<DescriptionAttribute>()?.Description ?? Describe(at);
            return name.Length == 0
                ? Problems.Validation("body", $"The body must be {expected}.")
                : Problems.Validation(name, $"{name} must be {expected}.");
        }
    }

    private static ProblemHttpResult UnknownProperties(JsonTypeInfo info, List<string> unknown)
    {
        var known = string.Join(", ", info.Properties.Select(p => $"'{p.Name}'"));
        var hint = info.Type.GetCustomAttribute<BodyHintAttribute>()?.Hint;
        var topLevel = unknown.Any(u => !u.Contains('.', StringComparison.Ordinal));
        var detail = $"The body has properties this route does not take: {string.Join(", ", unknown.Select(u => $"'{u}'"))}. "
            + $"Its properties are {known}."
            + (hint is not null && topLevel ? " " + hint : "");
        return Problems.Validation(
            unknown.ToDictionary(u => u, u => new[] { $"'{u[(u.LastIndexOf('.') + 1)..]}' is not a property of this body." }),
            detail);
    }

    /// <summary>Every property of <paramref name="element"/> (and of its nested objects) that <paramref name="info"/> does not have.</summary>
    private static void FindUnknown(JsonElement element, JsonTypeInfo info, string path, List<string> unknown)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (PropertyOf(info, property.Name) is { } match)
                    {
                        FindUnknown(property.Value, info.Options.GetTypeInfo(match.PropertyType), at, unknown);
                    }
                    else
                    {
                        unknown.Add(at);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object && info.ElementType is { } valueType:
                foreach (var property in element.EnumerateObject())
                {
                    FindUnknown(property.Value, info.Options.GetTypeInfo(valueType), $"{path}.{property.Name}", unknown);
                }

                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array && info.ElementType is { } itemType:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindUnknown(item, info.Options.GetTypeInfo(itemType), $"{path}[{index++}]", unknown);
                }

                break;
        }
    }

    /// <summary>
    /// Follows the serializer's JSON path (<c>$.fields.email</c>, <c>$['odd key']</c>, <c>$.roles[0]</c>) through the body's
    /// contract: the path as a caller writes it, the last property passed, and the type at its end.
    /// </summary>
    private static (string Name, JsonPropertyInfo? Property, JsonTypeInfo At) Locate(JsonTypeInfo root, string? path)
    {
        var (name, property, at) = ("", (JsonPropertyInfo?)null, root);
        foreach (Match segment in PathSegment().Matches(path ?? ""))
        {
            var key = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
            if (segment.Groups["index"].Success && at.ElementType is { } item)
            {
                (name, property, at) = (name + segment.Value, null, at.Options.GetTypeInfo(item));
            }
            else if (at.Kind == JsonTypeInfoKind.Object && PropertyOf(at, key) is { } match)
            {
                (name, property, at) = (name.Length == 0 ? match.Name : $"{name}.{match.Name}", match, at.Options.GetTypeInfo(match.PropertyType));
            }
            else if (at.Kind == JsonTypeInfoKind.Dictionary && at.ElementType is { } value)
            {
                (name, property, at) = ($"{name}.{key}", null, at.Options.GetTypeInfo(value));
            }
            else
            {
                break;
            }
        }

        return (name, property, at);
    }

    private static JsonPropertyInfo? PropertyOf(JsonTypeInfo info, string name) =>
        info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A JSON type in words, from the JSON schema the serializer's contract has.</summary>
    private static string Describe(JsonTypeInfo info)
    {
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(info);
        var types = schema["type"] is { } type ? (type is System.Text.Json.Nodes.JsonArray many ? many.Select(t => t!.GetValue<string>()) : [type.GetValue<string>()]) : [];
        return types.FirstOrDefault(t => t != "null") switch
        {
            "string" when schema["format"]?.GetValue<string>() == "date-time" => "a date and time in ISO 8601 form, e.g. \"2026-12-31T00:00:00Z\"",
            "string" => "a string",
            "boolean" => "true or false",
            "integer" => "a whole number",
            "number" => "a number",
            "array" => "an array",
            "object" => $"an object{(info.Properties.Count > 0 ? " with the properties " + string.Join(", ", info.Properties.Select(p => $"'{p.Name}'")) : "")}",
            _ => "a JSON value of another type",
        };
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|(?<index>\[\d+\])")]
    private static partial Regex PathSegment();
}
