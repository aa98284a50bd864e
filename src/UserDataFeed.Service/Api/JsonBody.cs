using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace UserDataFeed.Service.Api;

/// <summary>What a request body says when its top-level properties are not the body's (e.g. a mapping without its <c>fields</c> wrapper).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BodyHintAttribute(string hint) : Attribute
{
    public string Hint { get; } = hint;
}

/// <summary>A JSON body as read: the value (null for an absent optional body), or the problem to answer.</summary>
public sealed record JsonRead<T>(T? Value, IResult? Problem)
    where T : class;

/// <summary>
/// Reads the JSON bodies of every JSON route, with problems in plain words: broken JSON, a value of the
/// wrong type (naming the property and what it must be, never a .NET type), and properties the body does
/// not have (all of them at once). The content type is checked before, by <see cref="ApiDispatcher"/>.
/// </summary>
public static class JsonBody
{
    /// <summary>Bodies are small; anything larger is not one of ours.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>A required body.</summary>
    public static Task<JsonRead<T>> ReadAsync<T>(ApiCall call)
        where T : class => ReadAsync<T>(call, optional: false);

    /// <summary>A body that may be left out (no content at all): its value is then null.</summary>
    public static Task<JsonRead<T>> ReadOptionalAsync<T>(ApiCall call)
        where T : class => ReadAsync<T>(call, optional: true);

    /// <summary>Whether a request certainly carries no body (a host that cannot tell leaves it to reading).</summary>
    public static bool IsAbsent(HttpRequest request) =>
        request.ContentLength is 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };

    private static async Task<JsonRead<T>> ReadAsync<T>(ApiCall call, bool optional)
        where T : class
    {
        const string Empty = "The body is empty: this route takes a JSON object.";
        if (IsAbsent(call.Request))
        {
            return optional ? new JsonRead<T>(null, null) : Refuse<T>(Empty);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await call.Request.Body.ReadAsync(chunk, call.Cancellation)) > 0)
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

        // An optional body is only checked here, once it is known to have content.
        if (ApiDispatcher.UnsupportedBody(RequestBody.Json, call.Request) is { } unsupported)
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

    private static JsonRead<T> Refuse<T>(string detail)
        where T : class => new(null, Problems.BadRequest(detail));

    private static IResult UnknownProperties(JsonTypeInfo info, List<string> unknown)
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
