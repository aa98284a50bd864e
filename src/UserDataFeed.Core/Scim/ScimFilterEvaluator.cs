using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Runs a filter on a resource (RFC 7644 §3.4.2.2). A comparison matches when any of the attribute's values does;
/// <c>ne</c> is the negation of <c>eq</c>, so it also matches a resource without the attribute. Strings compare with
/// the attribute's <c>caseExact</c>, dateTimes as instants, numbers as numbers. A complex attribute compared without a
/// sub-attribute (<c>emails co "@x"</c>) compares its <c>value</c>. Check a client's filter with
/// <see cref="ScimFilterChecker"/> first: here, a comparison that does not fit the attribute simply does not match.
/// </summary>
public sealed class ScimFilterEvaluator(ScimSchema schema)
{
    public bool Matches(ScimFilter filter, IScimResourceView resource) => Test(filter, resource, parent: null);

    /// <summary>Whether one value of the multi-valued <paramref name="parent"/> matches a value path's filter.</summary>
    internal bool MatchesValue(ScimFilter filter, JsonObject value, ScimResolvedPath parent) => Test(filter, new JsonResourceView(value), parent);

    private bool Test(ScimFilter filter, IScimResourceView view, ScimResolvedPath? parent) => filter switch
    {
        ScimComparison comparison => Compare(comparison, view, parent),
        ScimLogical { All: true } all => all.Operands.All(operand => Test(operand, view, parent)),
        ScimLogical any => any.Operands.Any(operand => Test(operand, view, parent)),
        ScimNot not => !Test(not.Inner, view, parent),
        ScimValuePath valuePath => AnyElement(valuePath, view),
        _ => false,
    };

    private bool AnyElement(ScimValuePath valuePath, IScimResourceView view)
    {
        var resolved = schema.Resolve(valuePath.Path);
        return resolved is not null
            && view.ValuesOf(resolved.Path).OfType<JsonObject>().Any(element => Test(valuePath.Inner, new JsonResourceView(element), resolved));
    }

    private bool Compare(ScimComparison comparison, IScimResourceView view, ScimResolvedPath? parent)
    {
        var (target, readPath) = Target(comparison.Path, parent);
        var values = target is null ? [] : view.ValuesOf(readPath);
        var literal = comparison.Value;
        return comparison.Operator switch
        {
            ScimOperator.Pr => values.Count > 0,
            ScimOperator.Eq when literal is null || literal.Kind == ScimLiteralKind.Null => values.Count == 0,
            ScimOperator.Ne when literal is null || literal.Kind == ScimLiteralKind.Null => values.Count > 0,
            ScimOperator.Ne => target is null || literal is null || !values.Any(value => Matches(value, ScimOperator.Eq, literal, target)),
            _ when literal is null || target is null => false,
            var op => values.Any(value => Matches(value, op, literal, target)),
        };
    }

    /// <summary>What a comparison's path names (null if nothing), and the path to read its values at.</summary>
    private (ScimAttribute? Target, AttributePath ReadPath) Target(AttributePath path, ScimResolvedPath? parent)
    {
        if (parent is not null)
        {
            var sub = parent.Attribute.SubAttribute(path.Name);
            return (sub, AttributePath.Of(path.Name));
        }

        var resolved = schema.Resolve(path);
        if (resolved is null)
        {
            return (null, path);
        }

        if (resolved.Sub is null && resolved.Attribute.SubAttribute("value") is { } value)
        {
            return (value, resolved.Path.Sub(value.Name));
        }

        return (resolved.Target, resolved.Path);
    }

    private static bool Matches(JsonNode value, ScimOperator op, ScimLiteral literal, ScimAttribute attribute) => attribute.Type switch
    {
        ScimAttributeType.Boolean => op == ScimOperator.Eq && AsBoolean(value) is { } actual && LiteralBoolean(literal) == actual,
        ScimAttributeType.Decimal or ScimAttributeType.Integer => CompareNumbers(value, op, literal),
        ScimAttributeType.DateTime when op is not (ScimOperator.Co or ScimOperator.Sw or ScimOperator.Ew) => CompareInstants(value, op, literal),
        ScimAttributeType.Complex => false,
        _ => CompareStrings(ScimJson.AsString(value), op, literal.Text, attribute.CaseExact),
    };

    private static bool CompareStrings(string? actual, ScimOperator op, string? expected, bool caseExact)
    {
        if (actual is null || expected is null)
        {
            return false;
        }

        var comparison = caseExact ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        return op switch
        {
            ScimOperator.Eq => string.Equals(actual, expected, comparison),
            ScimOperator.Co => actual.Contains(expected, comparison),
            ScimOperator.Sw => actual.StartsWith(expected, comparison),
            ScimOperator.Ew => actual.EndsWith(expected, comparison),
            _ => Ordered(op, string.Compare(actual, expected, comparison)),
        };
    }

    private static bool CompareNumbers(JsonNode value, ScimOperator op, ScimLiteral literal) =>
        value is JsonValue json && json.GetValueKind() == JsonValueKind.Number
        && double.TryParse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var actual)
        && literal.Kind == ScimLiteralKind.Number
        && double.TryParse(literal.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected)
        && (op == ScimOperator.Eq ? actual.Equals(expected) : Ordered(op, actual.CompareTo(expected)));

    private static bool CompareInstants(JsonNode value, ScimOperator op, ScimLiteral literal) =>
        ScimDates.TryParse(ScimJson.AsString(value), out var actual)
        && ScimDates.TryParse(literal.Text, out var expected)
        && (op == ScimOperator.Eq ? actual == expected : Ordered(op, actual.CompareTo(expected)));

    private static bool Ordered(ScimOperator op, int order) => op switch
    {
        ScimOperator.Gt => order > 0,
        ScimOperator.Ge => order >= 0,
        ScimOperator.Lt => order < 0,
        ScimOperator.Le => order <= 0,
        _ => false,
    };

    private static bool? AsBoolean(JsonNode value) =>
        value is JsonValue json && json.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? json.GetValue<bool>() : null;

    /// <summary>A boolean literal, or the string "true"/"false" in any case (as Entra writes booleans).</summary>
    internal static bool? LiteralBoolean(ScimLiteral literal) =>
        literal.Kind is ScimLiteralKind.Boolean or ScimLiteralKind.String && bool.TryParse(literal.Text, out var value) ? value : null;
}
