using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>A filter text that is not necessarily a filter: random characters, shuffled filter pieces, damaged filters.</summary>
public sealed record FilterText(string Text)
{
    public override string ToString() => Text;
}

/// <summary>
/// Random filter trees of the shapes the parser makes (and/or with two or more operands, value paths holding plain
/// sub-attribute names and no value path), and random filter-like texts for the never-throws-anything-else property.
/// </summary>
public static class ScimFilterArbitraries
{
    private static readonly string[] Names =
        ["userName", "TITLE", "emails", "$ref", "x-y_z", "not", "pr", "a1", "meta", "Eq"];

    private static readonly string[] Urns =
        [ScimSchemas.EnterpriseUserUrn, "urn:example:udf:2.0:User", "URN:X.Y-z_1"];

    private static readonly string[] Numbers = ["0", "-0", "7", "-12", "3.25", "1e5", "-2.5E-3", "10E+2"];

    public static Arbitrary<ScimFilter> Filters() => Arb.From(Gen.Sized(size => FilterGen(Math.Min(3, size / 10), inBrackets: false)));

    public static Arbitrary<FilterText> Texts() => Arb.From(Gen.OneOf(RandomText, Pieces, Damaged));

    private static Gen<ScimFilter> FilterGen(int depth, bool inBrackets)
    {
        var leaf = Comparison(inBrackets);
        if (depth <= 0)
        {
            return leaf;
        }

        var inner = FilterGen(depth - 1, inBrackets);
        var nodes = new List<(int, Gen<ScimFilter>)>
        {
            (3, leaf),
            (2, from all in Gen.Elements(true, false)
                from count in Gen.Choose(2, 3)
                from operands in Gen.ListOf(inner, count)
                select (ScimFilter)new ScimLogical(all, [.. operands])),
            (1, inner.Select(f => (ScimFilter)new ScimNot(f))),
        };
        if (!inBrackets)
        {
            nodes.Add((1, from path in PathGen(withSub: false)
                          from filter in FilterGen(depth - 1, inBrackets: true)
                          select (ScimFilter)new ScimValuePath(path, filter)));
        }

        return Gen.Frequency([.. nodes]);
    }

    private static Gen<ScimFilter> Comparison(bool inBrackets) =>
        from path in inBrackets ? Gen.Elements(Names).Select(name => AttributePath.Of(name)) : PathGen(withSub: true)
        from op in Gen.Elements(Enum.GetValues<ScimOperator>())
        from value in LiteralGen
        select (ScimFilter)new ScimComparison(path, op, op == ScimOperator.Pr ? null : value);

    private static Gen<AttributePath> PathGen(bool withSub) =>
        from urn in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Elements(Urns).Select(u => (string?)u)))
        from name in Gen.Elements(Names)
        from sub in withSub ? Gen.Frequency((2, Gen.Constant<string?>(null)), (1, Gen.Elements(Names).Select(n => (string?)n))) : Gen.Constant<string?>(null)
        select new AttributePath(urn, name, sub);

    private static Gen<ScimLiteral> LiteralGen =>
        Gen.Frequency(
            (4, StringGen(12).Select(ScimLiteral.OfString)),
            (1, Gen.Elements(true, false).Select(ScimLiteral.OfBoolean)),
            (1, Gen.Constant(ScimLiteral.Null)),
            (1, Gen.Elements(Numbers).Select(ScimLiteral.OfNumber)),
            (1, Gen.Choose(-100000, 100000).Select(n => ScimLiteral.OfNumber(n.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>Strings of any UTF-16 units, quotes, backslashes and control characters more often than chance.</summary>
    private static Gen<string> StringGen(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from chars in Gen.ListOf(CharGen, length)
        select new string([.. chars]);

    private static Gen<char> CharGen =>
        Gen.Frequency(
            (6, Gen.Choose('a', 'z').Select(c => (char)c)),
            (2, Gen.Elements('"', '\\', '/', ' ', '\n', '\t', '\0', '[', ']', '(', ')', '.', ':', 'é')),
            (2, Gen.Choose(0, 0xFFFF).Select(c => (char)c)));

    private static Gen<FilterText> RandomText => StringGen(60).Select(text => new FilterText(text));

    private static readonly string[] Tokens =
    [
        "userName", "emails", "emails.value", ".value", "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:", ":",
        "eq", "pr", "gt", "and", "or", "not", "not(", "(", ")", "[", "]", "\"x\"", "\"", "\\", "\"\\u12", "\"\\q\"",
        "true", "null", "-", "1e", "0.", "12", "$ref", " ", " ", " ",
    ];

    private static Gen<FilterText> Pieces =>
        from count in Gen.Choose(0, 14)
        from pieces in Gen.ListOf(Gen.Elements(Tokens), count)
        select new FilterText(string.Concat(pieces));

    /// <summary>A printed random filter with one character removed or inserted.</summary>
    private static Gen<FilterText> Damaged =>
        from filter in FilterGen(2, inBrackets: false)
        let text = ScimFilterPrinter.Print(filter)
        from at in Gen.Choose(0, text.Length)
        from remove in Gen.Elements(true, false)
        from c in CharGen
        select new FilterText(remove && at < text.Length ? text.Remove(at, 1) : text.Insert(at, c.ToString()));
}
