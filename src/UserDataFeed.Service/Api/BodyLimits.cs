using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The limits of a body property, for the OpenAPI document: a string's <see cref="MaxLength"/>, a list's
/// <see cref="MaxItems"/> and its items' <see cref="MaxItemLength"/>, an object's (a dictionary's) <see cref="MaxProperties"/>,
/// its keys' <see cref="MaxKeyLength"/> and its string values' <see cref="MaxItemLength"/>. The handlers check the same
/// limits (from the same constants); 0 declares none.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class BodyLimitsAttribute : Attribute
{
    public int MaxLength { get; init; }

    public int MaxItems { get; init; }

    public int MaxItemLength { get; init; }

    public int MaxProperties { get; init; }

    public int MaxKeyLength { get; init; }

    /// <summary>The only values a string may take (declared as the schema's enum).</summary>
    public string[]? OneOf { get; init; }
}

/// <summary>Writes each <see cref="BodyLimitsAttribute"/> into the property's schema (attributes of data annotations cannot reach a dictionary's values or a list's items).</summary>
public static class BodyLimitsSchemas
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is not ICustomAttributeProvider provider
            || provider.GetCustomAttributes(typeof(BodyLimitsAttribute), inherit: false).OfType<BodyLimitsAttribute>().FirstOrDefault() is not { } limits)
        {
            return Task.CompletedTask;
        }

        if (limits.MaxLength > 0)
        {
            schema.MaxLength = limits.MaxLength;
        }

        if (limits.MaxItems > 0)
        {
            schema.MaxItems = limits.MaxItems;
        }

        if (limits.MaxProperties > 0)
        {
            schema.MaxProperties = limits.MaxProperties;
        }

        if (limits.MaxKeyLength > 0)
        {
            schema.PropertyNames = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = limits.MaxKeyLength };
        }

        if (limits.OneOf is { Length: > 0 } values)
        {
            schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
        }

        if (limits.MaxItemLength > 0)
        {
            foreach (var inner in new[] { schema.Items, schema.AdditionalProperties }.OfType<OpenApiSchema>())
            {
                inner.MaxLength = limits.MaxItemLength;
            }
        }

        return Task.CompletedTask;
    }
}
