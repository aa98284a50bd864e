using FsCheck.Xunit;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>Properties of the filter parser over generated trees and texts (generators in <see cref="ScimFilterArbitraries"/>).</summary>
public sealed class ScimFilterProperties
{
    [Property(Arbitrary = [typeof(ScimFilterArbitraries)], MaxTest = 1000)]
    public void Printing_a_filter_and_parsing_the_text_gives_the_same_filter(ScimFilter filter)
    {
        var text = ScimFilterPrinter.Print(filter);

        if (text.Length > ScimFilterLimits.MaxLength)
        {
            Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(text));
            return;
        }

        Assert.Equal(filter, ScimFilterParser.Parse(text));
    }

    [Property(Arbitrary = [typeof(ScimFilterArbitraries)], MaxTest = 2000)]
    public void The_parser_throws_nothing_but_filter_errors(FilterText text)
    {
        try
        {
            ScimFilterParser.Parse(text.Text);
        }
        catch (ScimFilterException error)
        {
            Assert.Equal(ScimTypes.InvalidFilter, error.ScimType);
        }
    }

    [Property(Arbitrary = [typeof(ScimFilterArbitraries)], MaxTest = 1000)]
    public void Checking_and_running_any_parsed_filter_throws_nothing_but_filter_errors(ScimFilter filter)
    {
        var user = System.Text.Json.Nodes.JsonNode.Parse("""{"userName":"a","title":"T","emails":[{"value":"x","type":"work"}],"meta":{"lastModified":"2026-01-01T00:00:00Z"}}""")!.AsObject();

        _ = new ScimFilterEvaluator(ScimSchemas.User).Matches(filter, new JsonResourceView(user));
        try
        {
            ScimFilterChecker.Check(filter, ScimSchemas.User);
        }
        catch (ScimFilterException error)
        {
            Assert.Equal(ScimTypes.InvalidFilter, error.ScimType);
        }
    }
}
