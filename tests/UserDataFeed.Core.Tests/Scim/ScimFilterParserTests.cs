using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>The filter grammar of RFC 7644 §3.4.2.2 as the parser reads it: each operator, precedence, paths, literals.</summary>
public sealed class ScimFilterParserTests
{
    private static ScimComparison Cmp(string name, ScimOperator op, ScimLiteral? value) => new(AttributePath.Of(name), op, value);

    private static ScimComparison Eq(string name, string value) => Cmp(name, ScimOperator.Eq, ScimLiteral.OfString(value));

    private static ScimLogical And(params ScimFilter[] operands) => new(true, operands);

    private static ScimLogical Or(params ScimFilter[] operands) => new(false, operands);

    [Theory]
    [InlineData("eq", ScimOperator.Eq)]
    [InlineData("ne", ScimOperator.Ne)]
    [InlineData("co", ScimOperator.Co)]
    [InlineData("sw", ScimOperator.Sw)]
    [InlineData("ew", ScimOperator.Ew)]
    [InlineData("gt", ScimOperator.Gt)]
    [InlineData("ge", ScimOperator.Ge)]
    [InlineData("lt", ScimOperator.Lt)]
    [InlineData("le", ScimOperator.Le)]
    [InlineData("EQ", ScimOperator.Eq)]
    [InlineData("Co", ScimOperator.Co)]
    public void Each_comparison_operator_parses_in_any_case(string op, ScimOperator expected)
    {
        var filter = ScimFilterParser.Parse($"title {op} \"Tour Guide\"");

        Assert.Equal(Cmp("title", expected, ScimLiteral.OfString("Tour Guide")), filter);
    }

    [Fact]
    public void Present_takes_no_value()
    {
        Assert.Equal(Cmp("title", ScimOperator.Pr, null), ScimFilterParser.Parse("title pr"));
        Assert.Equal(Cmp("title", ScimOperator.Pr, null), ScimFilterParser.Parse("title PR"));
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var filter = ScimFilterParser.Parse("a eq \"1\" or b eq \"2\" and c eq \"3\"");

        Assert.Equal(Or(Eq("a", "1"), And(Eq("b", "2"), Eq("c", "3"))), filter);
    }

    [Fact]
    public void And_before_or_on_the_left_too()
    {
        var filter = ScimFilterParser.Parse("a eq \"1\" and b eq \"2\" or c eq \"3\"");

        Assert.Equal(Or(And(Eq("a", "1"), Eq("b", "2")), Eq("c", "3")), filter);
    }

    [Fact]
    public void Parentheses_override_precedence()
    {
        var filter = ScimFilterParser.Parse("(a eq \"1\" or b eq \"2\") and c eq \"3\"");

        Assert.Equal(And(Or(Eq("a", "1"), Eq("b", "2")), Eq("c", "3")), filter);
    }

    [Fact]
    public void A_chain_of_ands_is_one_node()
    {
        var filter = ScimFilterParser.Parse("a eq \"1\" and b eq \"2\" AND c eq \"3\"");

        Assert.Equal(And(Eq("a", "1"), Eq("b", "2"), Eq("c", "3")), filter);
    }

    [Fact]
    public void Not_negates_its_parenthesised_filter_with_or_without_a_space()
    {
        var expected = new ScimNot(Or(Eq("a", "1"), Eq("b", "2")));

        Assert.Equal(expected, ScimFilterParser.Parse("not (a eq \"1\" or b eq \"2\")"));
        Assert.Equal(expected, ScimFilterParser.Parse("NOT(a eq \"1\" or b eq \"2\")"));
    }

    [Fact]
    public void Sub_attributes_and_schema_urns_make_the_path()
    {
        Assert.Equal(
            new ScimComparison(AttributePath.Of("emails", "value"), ScimOperator.Ew, ScimLiteral.OfString("@example.com")),
            ScimFilterParser.Parse("emails.value ew \"@example.com\""));
        Assert.Equal(
            new ScimComparison(new AttributePath(ScimSchemas.EnterpriseUserUrn, "employeeNumber"), ScimOperator.Eq, ScimLiteral.OfString("701984")),
            ScimFilterParser.Parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\""));
        Assert.Equal(
            new AttributePath(ScimSchemas.EnterpriseUserUrn, "manager", "value"),
            ((ScimComparison)ScimFilterParser.Parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr")).Path);
    }

    [Fact]
    public void A_value_path_filters_the_values_of_a_multi_valued_attribute()
    {
        var filter = ScimFilterParser.Parse("emails[type eq \"work\" and value co \"@example.com\"]");

        Assert.Equal(
            new ScimValuePath(AttributePath.Of("emails"), And(Eq("type", "work"), Cmp("value", ScimOperator.Co, ScimLiteral.OfString("@example.com")))),
            filter);
    }

    [Fact]
    public void Entras_value_path_with_a_sub_attribute_compares_that_sub_attribute_of_the_matching_values()
    {
        // Entra's matching query on the work email: learn.microsoft.com, "Use SCIM to provision users and groups",
        // /Users: "emails[type eq "work"].value eq "user@contoso.com"".
        var filter = ScimFilterParser.Parse("emails[type eq \"work\"].value eq \"user@contoso.com\"");

        Assert.Equal(new ScimValuePath(AttributePath.Of("emails"), And(Eq("type", "work"), Eq("value", "user@contoso.com"))), filter);
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"\\/\\b\\f\\n\\r\\t\"", "/\b\f\n\r\t")]
    [InlineData("\"\\u00e9t\\u00C9\"", "étÉ")]
    [InlineData("\"zoë\"", "zoë")]
    [InlineData("\"\"", "")]
    public void String_values_are_json_strings_with_their_escapes(string literal, string expected)
    {
        var filter = (ScimComparison)ScimFilterParser.Parse("title eq " + literal);

        Assert.Equal(ScimLiteral.OfString(expected), filter.Value);
    }

    [Theory]
    [InlineData("true", ScimLiteralKind.Boolean, "true")]
    [InlineData("False", ScimLiteralKind.Boolean, "false")]
    [InlineData("null", ScimLiteralKind.Null, null)]
    [InlineData("42", ScimLiteralKind.Number, "42")]
    [InlineData("-0.5", ScimLiteralKind.Number, "-0.5")]
    [InlineData("1.5E+3", ScimLiteralKind.Number, "1.5E+3")]
    public void Booleans_null_and_numbers_are_json_literals(string literal, ScimLiteralKind kind, string? text)
    {
        var filter = (ScimComparison)ScimFilterParser.Parse("x eq " + literal);

        Assert.Equal(new ScimLiteral(kind, text), filter.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("userName", "character 9: expected an operator")]
    [InlineData("userName eq", "character 12: expected a value")]
    [InlineData("userName equals \"x\"", "character 10: expected an operator")]
    [InlineData("userName eq x", "character 13: expected a value")]
    [InlineData("userName eq 01", "character 13: expected a value")]
    [InlineData("userName eq \"x", "character 13: the string is not closed")]
    [InlineData("userName eq \"a\\qb\"", "character 15: an unknown escape")]
    [InlineData("userName eq \"a\\u12\"", "an unknown escape")]
    [InlineData("userName eq \"x\" and", "character 20: expected an attribute")]
    [InlineData("userName eq \"x\" userName eq \"y\"", "character 17: expected 'and', 'or' or the end")]
    [InlineData("(userName eq \"x\"", "character 17: expected ')'")]
    [InlineData("userName eq \"x\")", "character 16: expected 'and', 'or'")]
    [InlineData("not userName eq \"x\"", "character 5: expected an operator")]
    [InlineData("emails[type eq \"work\"", "character 22: expected ']'")]
    [InlineData("emails[type[value eq \"x\"] eq \"y\"]", "cannot hold another '['")]
    [InlineData("emails[emails.type eq \"work\"]", "expected a sub-attribute inside '[ ]'")]
    [InlineData("emails.value[type eq \"work\"]", "names a sub-attribute")]
    [InlineData("emails[type eq \"work\"].va!ue eq \"x\"", "expected a sub-attribute after ']'")]
    [InlineData("1abc eq \"x\"", "character 1: expected an attribute name")]
    [InlineData("name.given.x eq \"x\"", "expected a sub-attribute name")]
    [InlineData("urn:ex!ample:x eq \"y\"", "character 1: 'urn:ex!ample' is not a schema URN")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User: eq \"x\"", "expected an attribute name")]
    [InlineData("and eq \"x\"", "character 1: expected an attribute")]
    public void Malformed_filters_are_invalid_filter_errors_naming_the_place(string filter, string reason)
    {
        var error = Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));

        Assert.Equal(ScimTypes.InvalidFilter, error.ScimType);
        Assert.Equal(400, error.Status);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_longer_than_the_limit_is_refused_before_it_is_read()
    {
        var filter = "userName eq \"" + new string('a', ScimFilterLimits.MaxLength) + "\"";

        var error = Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));

        Assert.Contains($"at most {ScimFilterLimits.MaxLength}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses_and_one_more_level_is_refused()
    {
        static string Nested(int depth) => new string('(', depth) + "a pr" + new string(')', depth);

        Assert.Equal(Cmp("a", ScimOperator.Pr, null), ScimFilterParser.Parse(Nested(ScimFilterLimits.MaxDepth)));
        var error = Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(Nested(ScimFilterLimits.MaxDepth + 1)));
        Assert.Contains($"nested more than {ScimFilterLimits.MaxDepth} deep", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_nesting_of_nots_is_refused_without_exhausting_the_stack()
    {
        var filter = string.Concat(Enumerable.Repeat("not(", 400)) + "a pr" + new string(')', 400);

        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));
    }

    [Fact]
    public void A_long_chain_within_the_length_limit_parses_flat()
    {
        var filter = string.Join(" or ", Enumerable.Range(100, 120).Select(i => $"id eq \"{i}\""));

        var parsed = Assert.IsType<ScimLogical>(ScimFilterParser.Parse(filter));

        Assert.Equal(120, parsed.Operands.Count);
    }

    [Theory]
    [InlineData("userName eq \"bjensen\"")]
    [InlineData("name.familyName co \"O'Malley\"")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]")]
    [InlineData("not (title pr) and (userType eq \"Employee\" or userType eq \"Intern\")")]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34Z\"")]
    public void Printing_a_parsed_filter_gives_text_that_parses_to_the_same_filter(string text)
    {
        var filter = ScimFilterParser.Parse(text);

        Assert.Equal(filter, ScimFilterParser.Parse(ScimFilterPrinter.Print(filter)));
    }
}
