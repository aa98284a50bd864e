namespace UserDataFeed.Core.Scim;

/// <summary>
/// Parses RFC 7644 §3.4.2.2 filters: comparisons, <c>and</c> (binding tighter than <c>or</c>), <c>not( )</c>, parentheses
/// and value paths. Operators, keywords and attribute names are case-insensitive. Anything else is a
/// <see cref="ScimFilterException"/> naming the character where parsing stopped; nothing else is thrown. The recursion
/// only follows nesting, which <see cref="ScimFilterLimits.MaxDepth"/> bounds, so no input can exhaust the stack.
/// </summary>
public static class ScimFilterParser
{
    public static ScimFilter Parse(string? filter)
    {
        var parser = new Parser(Tokens(filter, "filter"));
        var result = parser.Or(depth: 0, inBrackets: false);
        parser.Expect(ScimTokenKind.End, "'and', 'or' or the end of the filter");
        return result;
    }

    internal static List<ScimToken> Tokens(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ScimFilterException($"the {what} is empty");
        }

        if (text.Length > ScimFilterLimits.MaxLength)
        {
            throw new ScimFilterException($"the {what} is {text.Length} characters long; at most {ScimFilterLimits.MaxLength} are allowed");
        }

        return ScimFilterLexer.Tokens(text);
    }

    /// <summary>A recursive-descent parser over the tokens; one per parse.</summary>
    internal sealed class Parser(List<ScimToken> tokens)
    {
        private int next;

        public ScimToken Peek => tokens[next];

        public ScimToken Take() => tokens[next++];

        public ScimToken Expect(ScimTokenKind kind, string expected)
        {
            var token = Peek;
            if (token.Kind != kind)
            {
                throw Unexpected(token, expected);
            }

            next++;
            return token;
        }

        public ScimFilter Or(int depth, bool inBrackets) => Chain("or", all: false, () => And(depth, inBrackets));

        private ScimFilter And(int depth, bool inBrackets) => Chain("and", all: true, () => Unary(depth, inBrackets));

        /// <summary>Operands joined by one word (<c>and</c> binds tighter, so its chains are the operands of <c>or</c>'s), as one node.</summary>
        private ScimFilter Chain(string word, bool all, Func<ScimFilter> operand)
        {
            var first = operand();
            if (!Peek.IsWord(word))
            {
                return first;
            }

            List<ScimFilter> operands = [first];
            while (Peek.IsWord(word))
            {
                next++;
                operands.Add(operand());
            }

            return new ScimLogical(All: all, operands);
        }

        private ScimFilter Unary(int depth, bool inBrackets)
        {
            var token = Peek;
            if (token.IsWord("not") && tokens[next + 1].Kind == ScimTokenKind.Open)
            {
                next += 2;
                var inner = Or(Deeper(depth, token), inBrackets);
                Expect(ScimTokenKind.Close, "')' closing not(");
                return new ScimNot(inner);
            }

            if (token.Kind == ScimTokenKind.Open)
            {
                next++;
                var inner = Or(Deeper(depth, token), inBrackets);
                Expect(ScimTokenKind.Close, "')'");
                return inner;
            }

            if (token.Kind != ScimTokenKind.Word || IsKeyword(token))
            {
                throw Unexpected(token, "an attribute, 'not(' or '('");
            }

            next++;
            var path = inBrackets ? SubAttributeOf(token) : ScimPaths.Parse(token.Text, token.Position);
            if (Peek.Kind == ScimTokenKind.OpenBracket)
            {
                return ValuePath(path, depth, inBrackets);
            }

            return Comparison(path);
        }

        private ScimFilter ValuePath(AttributePath path, int depth, bool inBrackets)
        {
            if (inBrackets)
            {
                throw ScimFilterLexer.Error(Peek.Position, "a value filter cannot hold another '['");
            }

            if (path.SubAttribute is not null)
            {
                throw ScimFilterLexer.Error(Peek.Position, $"'{path}' names a sub-attribute; '[' follows a multi-valued attribute, like emails[type eq \"work\"]");
            }

            var open = Take();
            var inner = Or(Deeper(depth, open), inBrackets: true);
            Expect(ScimTokenKind.CloseBracket, "']'");

            // Entra's form: emails[type eq "work"].value eq "x", some work email whose value is x.
            if (Peek.Kind == ScimTokenKind.Word && Peek.Text.StartsWith('.'))
            {
                var sub = Take();
                var name = ScimPaths.Name(sub.Text[1..], sub.Position + 1, "a sub-attribute after ']'");
                inner = new ScimLogical(All: true, [inner, Comparison(AttributePath.Of(name))]);
            }

            return new ScimValuePath(path, inner);
        }

        private ScimComparison Comparison(AttributePath path)
        {
            var token = Take();
            if (token.Kind != ScimTokenKind.Word || !Operators.TryGetValue(token.Text, out var op))
            {
                throw Unexpected(token, "an operator (eq ne co sw ew pr gt ge lt le)");
            }

            return op == ScimOperator.Pr ? new ScimComparison(path, op, null) : new ScimComparison(path, op, Literal());
        }

        private ScimLiteral Literal()
        {
            var token = Take();
            if (token.Kind == ScimTokenKind.String)
            {
                return ScimLiteral.OfString(token.Text);
            }

            if (token.Kind == ScimTokenKind.Word)
            {
                if (token.IsWord("true") || token.IsWord("false"))
                {
                    return ScimLiteral.OfBoolean(token.IsWord("true"));
                }

                if (token.IsWord("null"))
                {
                    return ScimLiteral.Null;
                }

                if (ScimNumbers.IsJsonNumber(token.Text))
                {
                    return ScimLiteral.OfNumber(token.Text);
                }
            }

            throw Unexpected(token, "a value (a \"string\", a number, true, false or null)");
        }

        private static AttributePath SubAttributeOf(ScimToken token)
        {
            var name = ScimPaths.Name(token.Text, token.Position, "a sub-attribute inside '[ ]', like type");
            return AttributePath.Of(name);
        }

        private static int Deeper(int depth, ScimToken at) =>
            depth < ScimFilterLimits.MaxDepth
                ? depth + 1
                : throw ScimFilterLexer.Error(at.Position, $"nested more than {ScimFilterLimits.MaxDepth} deep");

        private static bool IsKeyword(ScimToken token) => token.IsWord("and") || token.IsWord("or");

        public static ScimFilterException Unexpected(ScimToken token, string expected) =>
            ScimFilterLexer.Error(token.Position, $"expected {expected}, found {token.Describe()}");
    }

    private static readonly Dictionary<string, ScimOperator> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eq"] = ScimOperator.Eq,
        ["ne"] = ScimOperator.Ne,
        ["co"] = ScimOperator.Co,
        ["sw"] = ScimOperator.Sw,
        ["ew"] = ScimOperator.Ew,
        ["pr"] = ScimOperator.Pr,
        ["gt"] = ScimOperator.Gt,
        ["ge"] = ScimOperator.Ge,
        ["lt"] = ScimOperator.Lt,
        ["le"] = ScimOperator.Le,
    };
}
