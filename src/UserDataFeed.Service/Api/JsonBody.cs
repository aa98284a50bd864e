using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace UserDataFeed.Service.Api;

/// <summary>What a request body says when its top-level properties are not the body's (e.g. a mapping without its <c>fields</c> wrapper).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BodyHintAttribute(string hint) : Attribute
{
    public string Hint { get; } = hint;
}

/// <summary>A JSON body as read: the value (null for an absent optional body), or the problem to answer.</summary>
public sealed record JsonRead<T>(T? Value, ProblemHttpResult? Problem)
    where T : class;

/// <summary>
/// What body a route takes, for its OpenAPI description. Not ASP.NET Core's <c>IAcceptsMetadata</c>: routing would
/// answer a body of another type with a bare 415 of its own, where <see cref="JsonBody"/> answers one that says why.
/// </summary>
public sealed record RequestBodyMetadata(Type? Type, IReadOnlyList<string> ContentTypes, bool IsOptional);

/// <summary>A request body a handler takes, read when it is bound; its problem is answered by <see cref="BodyFilter"/> after the access check.</summary>
public interface IRequestBody
{
    ProblemHttpResult? Problem { get; }
}

/// <summary>Answers the problem of a request body a handler takes (<see cref="JsonBody{T}"/>), read after <see cref="RouteChecks"/>.</summary>
public sealed class BodyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.Arguments.OfType<IRequestBody>().Select(b => b.Problem).FirstOrDefault(p => p is not null) ?? await next(context);
}

/// <summary>
/// A handler's JSON body parameter, read and checked by <see cref="JsonBody"/> when it is bound. A nullable
/// parameter makes the body optional (null when the request has none). The handler runs only when the body is valid.
/// </summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "ASP.NET Core binds a parameter through static members of its own type.")]
public sealed class JsonBody<T> : IRequestBody, IEndpointParameterMetadataProvider
    where T : class
{
    private readonly T? value;

    private JsonBody(T? value, ProblemHttpResult? problem) => (this.value, Problem) = (value, problem);

    public ProblemHttpResult? Problem { get; }

    /// <summary>The body; read only by a handler, which runs only when there is no problem.</summary>
    public T Value => value ?? throw new InvalidOperationException("The body has a problem; BodyFilter answers it before the handler runs.");

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext http, ParameterInfo parameter)
    {
        var read = await JsonBody.ReadAsync<T>(http.Request, IsOptional(parameter), http.RequestAborted);
        return read is { Value: null, Problem: null } ? null : new JsonBody<T>(read.Value, read.Problem);
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new RequestBodyMetadata(typeof(T), [JsonBody.ContentType], IsOptional(parameter)));

    private static bool IsOptional(ParameterInfo parameter) => new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable;
}

/// <summary>
/// Reads the JSON bodies of every JSON route, with problems in plain words: broken JSON, a value of the
/// wrong type (naming the property and what it must be, never a .NET type), and properties the body does
/// not have (all of them at once); a body sent as anything but <c>application/json</c> is 415.
/// </summary>
public static class JsonBody
{
    public const string ContentType = "application/json";

    /// <summary>Bodies are small; anything larger is not one of ours.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The web defaults, but strict: a number sent as a string (<c>"20"</c>) is a wrong type, like any other.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>Whether a request certainly carries no body (a host that cannot tell leaves it to reading).</summary>
    public static bool IsAbsent(HttpRequest request) =>
        request.ContentLength is 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    /// <summary>The body of <paramref name="request"/>; an <paramref name="optional"/> one may be left out (no content at all), and its value is then null.</summary>
    public static async Task<JsonRead<T>> ReadAsync<T>(HttpRequest request, bool optional, CancellationToken cancellationToken)
        where T : class
    {
        const string Empty = "The body is empty: this route takes a JSON object.";
        // A required body's type is checked first; an optional one's once it is known to have content.
        if (!optional && UnsupportedType(request) is { } wrongType)
        {
            return new JsonRead<T>(null, wrongType);
        }

        if (IsAbsent(request))
        {
            return optional ? new JsonRead<T>(null, null) : Refuse<T>(Empty);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                return new JsonRead<T>(null, Problems.TooLarge($"A JSON body is at most {MaxBytes:N0} bytes."));
            }

            buffer.Write(chunk, 0, n);
        }

        if (buffer.Length == 0)
        {
            return optional ? new JsonRead<T>(null, null) : Refuse<T>(Empty);
        }

        if (UnsupportedType(request) is { } unsupported)
        {
            return new JsonRead<T>(null, unsupported);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            return Refuse<T>($"The body is not valid JSON: {Syntax(ex)}");
        }

        using (document)
        {
            var info = Options.GetTypeInfo(typeof(T));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Refuse<T>($"The body must be a JSON object, not {Kind(document.RootElement.ValueKind)}.");
            }

            var unknown = new List<string>();
            FindUnknown(document.RootElement, info, "", unknown);
            if (unknown.Count > 0)
            {
                return new JsonRead<T>(null, UnknownProperties(info, unknown));
            }

            try
            {
                return new JsonRead<T>(document.RootElement.Deserialize<T>(Options), null);
            }
            catch (JsonException ex)
            {
                var path = Path(ex.Path);
                var (expected, name) = Expected(info, path);
                return new JsonRead<T>(null, Problems.Validation(name.Length == 0 ? "body" : name, $"{(name.Length == 0 ? "The body" : name)} must be {expected}."));
            }
        }
    }

    /// <summary>415 for a body sent with another content type than JSON (or none).</summary>
    private static ProblemHttpResult? UnsupportedType(HttpRequest request)
    {
        if (request.HasJsonContentType())
        {
            return null;
        }

        var sent = request.ContentType;
        return Problems.UnsupportedMediaType(string.IsNullOrEmpty(sent)
            ? "The request has no Content-Type: this route takes a JSON body, sent with 'Content-Type: application/json'."
            : $"The body is sent as '{sent}': this route takes a JSON body, sent with 'Content-Type: application/json'.");
    }

    private static JsonRead<T> Refuse<T>(string detail)
        where T : class => new(null, Problems.BadRequest(detail));

    private static ProblemHttpResult UnknownProperties(JsonTypeInfo info, List<string> unknown)
    {
        var known = string.Join(", ", info.Properties.Select(p => $"'{p.Name}'"));
        var hint = info.Type.GetCustomAttribute<BodyHintAttribute>()?.Hint;
        var topLevel = unknown.Where(u => !u.Contains('.', StringComparison.Ordinal)).ToList();
        var detail = $"The body has properties this route does not take: {string.Join(", ", unknown.Select(u => $"'{u}'"))}. "
            + $"Its properties are {known}."
            + (hint is not null && topLevel.Count > 0 ? " " + hint : "");
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
                    var match = info.Properties.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (match is null)
                    {
                        unknown.Add(at);
                    }
                    else
                    {
                        FindUnknown(property.Value, Options.GetTypeInfo(match.PropertyType), at, unknown);
                    }
                }

                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object && info.ElementType is { } valueType:
                foreach (var property in element.EnumerateObject())
                {
                    FindUnknown(property.Value, Options.GetTypeInfo(valueType), $"{path}.{property.Name}", unknown);
                }

                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array && info.ElementType is { } itemType:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindUnknown(item, Options.GetTypeInfo(itemType), $"{path}[{index++}]", unknown);
                }

                break;
        }
    }

    /// <summary>The segments of a JSON path such as <c>$.fields.email</c>, <c>$['odd key']</c> or <c>$.roles[0]</c>.</summary>
    private static List<string> Path(string? jsonPath)
    {
        var segments = new List<string>();
        var p = jsonPath ?? "$";
        var i = p.StartsWith('$') ? 1 : 0;
        while (i < p.Length)
        {
            if (p[i] == '.')
            {
                var end = p.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? p.Length : end;
                segments.Add(p[(i + 1)..end]);
                i = end;
            }
            else if (p[i] == '[' && i + 1 < p.Length && p[i + 1] == '\'')
            {
                var end = p.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? p.Length : end;
                segments.Add(p[(i + 2)..end]);
                i = Math.Min(p.Length, end + 2);
            }
            else if (p[i] == '[')
            {
                var end = p.IndexOf(']', i);
                end = end < 0 ? p.Length : end;
                segments.Add(p[i..(end + 1 > p.Length ? p.Length : end + 1)]);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return segments;
    }

    /// <summary>What the value at <paramref name="path"/> must be, in words, and the path as a caller writes it.</summary>
    private static (string Expected, string Name) Expected(JsonTypeInfo root, List<string> path)
    {
        var info = root;
        string? description = null;
        var name = "";
        foreach (var segment in path)
        {
            description = null;
            if (segment.StartsWith('[') && info.ElementType is { } item)
            {
                name += segment;
                info = Options.GetTypeInfo(item);
            }
            else if (info.Kind == JsonTypeInfoKind.Object && info.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase)) is { } property)
            {
                name = name.Length == 0 ? property.Name : $"{name}.{property.Name}";
                description = (property.AttributeProvider as MemberInfo)?.GetCustomAttribute<DescriptionAttribute>()?.Description;
                info = Options.GetTypeInfo(property.PropertyType);
            }
            else if (info.Kind == JsonTypeInfoKind.Dictionary && info.ElementType is { } value)
            {
                name = $"{name}.{segment}";
                info = Options.GetTypeInfo(value);
            }
            else
            {
                break;
            }
        }

        return (description ?? Describe(info.Type), name);
    }

    /// <summary>A JSON type, in words, for a .NET type.</summary>
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time in ISO 8601 form, e.g. \"2026-12-31T00:00:00Z\"";
        }

        var info = Options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Dictionary => $"an object whose values are each {Describe(info.ElementType!)}",
            JsonTypeInfoKind.Enumerable => $"an array of which each item is {Describe(info.ElementType!)}",
            JsonTypeInfoKind.Object => $"an object with the properties {string.Join(", ", info.Properties.Select(p => $"'{p.Name}'"))}",
            _ => "a JSON value of another type",
        };
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => "that",
    };

    /// <summary>The reader's syntax error with its position (the reader's own words name no .NET type).</summary>
    private static string Syntax(JsonException ex) => ex.Message;
}
