using System.Text;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Tests;

public sealed class CsvOutputTests
{
    [Fact]
    public void Fields_are_quoted_only_when_they_hold_a_comma_a_quote_or_a_line_break_or_start_with_a_hash_and_records_end_in_crlf()
    {
        using var text = new StringWriter();

        CsvOutput.Write(text, ["a", "b,c"], [["plain", ""], ["say \"hi\"", "two\r\nlines"], ["é ü", "lf\nonly"], ["#1", "a#"]]);

        Assert.Equal("a,\"b,c\"\r\nplain,\r\n\"say \"\"hi\"\"\",\"two\r\nlines\"\r\né ü,\"lf\nonly\"\r\n\"#1\",a#\r\n", text.ToString());
    }

    [Fact]
    public void Row_with_another_number_of_cells_than_the_header_is_refused()
    {
        using var text = new StringWriter();

        Assert.Throws<InvalidOperationException>(() => CsvOutput.Write(text, ["a", "b"], [["only one"]]));
    }

    [Fact]
    public void Template_quotes_a_custom_label_that_holds_a_comma_or_a_quote()
    {
        var bytes = FeedTemplate.Csv([new("cost", "Cost, centre"), new("motto", "Say \"hi\"")]);

        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.EndsWith(",External ID,Groups,Start Date,End Date,\"Cost, centre\",\"Say \"\"hi\"\"\"", lines[0], StringComparison.Ordinal);
        Assert.Equal("jane.doe@example.com,Jane,Doe,1,Learner|Administrator,,E1001,Sales|New Starters,2024-01-15,,Example,Example", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal(3, lines.Length);
    }
}
