using System.Globalization;
using System.Text;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Writes a filter back as text that <see cref="ScimFilterParser"/> reads as the same tree: lower-case operators, JSON
/// strings, and parentheses around a logical operand only where the tree needs them.
/// </summary>
public static class ScimFilterPrinter
{
    public static string Print(ScimFilter filter)
    {
        var text = new StringBuilder();
        Write(text, filter);
        return text.ToString();
    }

    private static void Write(StringBuilder text, ScimFilter filter)
    {
        switch (filter)
        {
            case ScimComparison comparison:
                text.Append(comparison.Path).Append(' ').Append(Operator(comparison.Operator));
                if (comparison.Value is { } value)
                {
                    text.Append(' ');
                    WriteLiteral(text, value);
                }

                break;
            case ScimLogical logical:
                for (var i = 0; i < logical.Operands.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(logical.All ? " and " : " or ");
                    }

                    var operand = logical.Operands[i];

                    // "a or b and c" reads as a or (b and c), so only an and inside an or goes without parentheses.
                    var bare = operand is not ScimLogical inner || (!logical.All && inner.All);
                    text.Append(bare ? "" : "(");
                    Write(text, operand);
                    text.Append(bare ? "" : ")");
                }

                break;
            case ScimNot not:
                text.Append("not (");
                Write(text, not.Inner);
                text.Append(')');
                break;
            case ScimValuePath valuePath:
                text.Append(valuePath.Path).Append('[');
                Write(text, valuePath.Inner);
                text.Append(']');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter.GetType().Name, "not a filter node");
        }
    }

    public static string Operator(ScimOperator op) => op.ToString().ToLowerInvariant();

    public static string Literal(ScimLiteral literal)
    {
        var text = new StringBuilder();
        WriteLiteral(text, literal);
        return text.ToString();
    }

    private static void WriteLiteral(StringBuilder text, ScimLiteral literal)
    {
        switch (literal.Kind)
        {
            case ScimLiteralKind.String:
                WriteString(text, literal.Text ?? "");
                break;
            case ScimLiteralKind.Null:
                text.Append("null");
                break;
            default:
                text.Append(literal.Text);
                break;
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
