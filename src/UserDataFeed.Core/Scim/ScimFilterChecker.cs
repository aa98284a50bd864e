namespace UserDataFeed.Core.Scim;

/// <summary>
/// Checks a parsed filter against a schema before it runs: every path names an attribute, a value path a multi-valued
/// one, and each comparison fits its attribute's type (RFC 7644 §3.4.2.2: <c>gt</c>/<c>ge</c>/<c>lt</c>/<c>le</c> on a
/// boolean is an error, for instance). A misfit is a <see cref="ScimFilterException"/> naming the attribute.
/// </summary>
public static class ScimFilterChecker
{
    public static void Check(ScimFilter filter, ScimSchema schema) => Check(filter, schema, parent: null);

    /// <summary>Checks the filter of a value path (a PATCH path's <c>[ ]</c>) on the values of <paramref name="parent"/>.</summary>
    internal static void CheckValueFilter(ScimFilter filter, ScimSchema schema, ScimResolvedPath parent) => Check(filter, schema, parent);

    private static void Check(ScimFilter filter, ScimSchema schema, ScimResolvedPath? parent)
    {
        switch (filter)
        {
            case ScimComparison comparison:
                CheckComparison(comparison, Resolve(comparison.Path, schema, parent));
                break;
            case ScimLogical logical:
                foreach (var operand in logical.Operands)
                {
                    Check(operand, schema, parent);
                }

                break;
            case ScimNot not:
                Check(not.Inner, schema, parent);
                break;
            case ScimValuePath valuePath:
                var resolved = Resolve(valuePath.Path, schema, parent);
                if (!resolved.Attribute.MultiValued || !resolved.Attribute.IsComplex)
                {
                    throw new ScimFilterException($"'{valuePath.Path}' is not a multi-valued complex attribute, so it takes no '[ ]' filter");
                }

                Check(valuePath.Inner, schema, resolved);
                break;
        }
    }

    private static ScimResolvedPath Resolve(AttributePath path, ScimSchema schema, ScimResolvedPath? parent)
    {
        if (parent is null)
        {
            return schema.Resolve(path) ?? throw new ScimFilterException($"the filter names '{path}', which is not an attribute of this resource");
        }

        var sub = parent.Attribute.SubAttribute(path.Name)
            ?? throw new ScimFilterException($"'{parent.Path}' has no sub-attribute '{path.Name}'");
        return parent with { Sub = sub };
    }

    private static void CheckComparison(ScimComparison comparison, ScimResolvedPath resolved)
    {
        var op = comparison.Operator;
        var target = resolved.Sub is null && resolved.Attribute.SubAttribute("value") is { } value ? value : resolved.Target;
        var literal = comparison.Value;
        if (op == ScimOperator.Pr)
        {
            return;
        }

        var named = $"'{comparison.Path}'";
        if (literal is null || literal.Kind == ScimLiteralKind.Null)
        {
            if (op is not (ScimOperator.Eq or ScimOperator.Ne))
            {
                throw new ScimFilterException($"{named} {ScimFilterPrinter.Operator(op)} null: only eq and ne compare with null");
            }

            return;
        }

        var fits = target.Type switch
        {
            ScimAttributeType.Complex => false,
            ScimAttributeType.Boolean => op is ScimOperator.Eq or ScimOperator.Ne && ScimFilterEvaluator.LiteralBoolean(literal) is not null,
            ScimAttributeType.Decimal or ScimAttributeType.Integer =>
                op is not (ScimOperator.Co or ScimOperator.Sw or ScimOperator.Ew) && literal.Kind == ScimLiteralKind.Number,
            ScimAttributeType.DateTime => literal.Kind == ScimLiteralKind.String
                && (op is ScimOperator.Co or ScimOperator.Sw or ScimOperator.Ew || ScimDates.TryParse(literal.Text, out _)),
            ScimAttributeType.Binary => op is ScimOperator.Eq or ScimOperator.Ne && literal.Kind == ScimLiteralKind.String,
            _ => literal.Kind == ScimLiteralKind.String,
        };
        if (!fits)
        {
            throw new ScimFilterException(
                $"{named} is {Describe(target)}; it cannot be compared with {ScimFilterPrinter.Operator(op)} {ScimFilterPrinter.Literal(literal)}");
        }
    }

    private static string Describe(ScimAttribute attribute) => attribute.Type switch
    {
        ScimAttributeType.Complex => "complex (compare one of its sub-attributes)",
        ScimAttributeType.Boolean => "a boolean (eq or ne with true or false)",
        ScimAttributeType.Decimal or ScimAttributeType.Integer => "a number",
        ScimAttributeType.DateTime => "a dateTime (a string like \"2026-01-31T00:00:00Z\")",
        ScimAttributeType.Binary => "binary (eq or ne only)",
        _ => "a string",
    };
}
