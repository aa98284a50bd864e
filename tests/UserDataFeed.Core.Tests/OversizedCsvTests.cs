using System.Text;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>A cell, a row or a header too large for the reader is refused in our own words, naming where.</summary>
public sealed class OversizedCsvTests
{
    private static readonly FieldLayout Layout = new(MappingOf());

    private static readonly string HugeCell = new('x', 3 * 1024 * 1024);

    private static string HugeCellFile =>
        "Email,First,Last\r\nann@example.com,Ann,Lee\r\nbob@example.com,Bob,Ray\r\n" + $"cy@example.com,Cy,{HugeCell}\r\n";

    private static string HugeHeaderFile =>
        "Email,First,Last," + string.Join(",", Enumerable.Range(0, 300_000).Select(i => $"c{i}")) + "\r\nann@example.com,Ann,Lee\r\n";

    private static void AssertOwnWords(string reason)
    {
        Assert.DoesNotContain("MaxBufferSize", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Row 0", reason, StringComparison.Ordinal);
        Assert.Contains("larger than", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_refuses_a_huge_cell_naming_its_data_row()
    {
        var reason = Assert.Throws<InvalidFeedFileException>(() => Read(Layout, Encoding.UTF8.GetBytes(HugeCellFile))).Reason;

        AssertOwnWords(reason);
        Assert.Contains("data row 3", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_refuses_a_huge_header_as_the_header()
    {
        var reason = Assert.Throws<InvalidFeedFileException>(() => Read(Layout, Encoding.UTF8.GetBytes(HugeHeaderFile))).Reason;

        AssertOwnWords(reason);
        Assert.Contains("header row", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_refuses_a_huge_cell_and_a_huge_header_in_the_same_words()
    {
        var cell = await Assert.ThrowsAsync<InvalidFeedFileException>(() => CsvPreview.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(HugeCellFile)), [], CancellationToken.None));
        var header = await Assert.ThrowsAsync<InvalidFeedFileException>(() => CsvPreview.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(HugeHeaderFile)), [], CancellationToken.None));

        AssertOwnWords(cell.Reason);
        Assert.Contains("data row 3", cell.Reason, StringComparison.Ordinal);
        AssertOwnWords(header.Reason);
        Assert.Contains("header row", header.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_refuses_a_legacy_encoding_anywhere_in_the_sample_as_the_import_does()
    {
        var rows = string.Concat(Enumerable.Range(0, 4000).Select(i => $"u{i}@example.com,U{i},Lee\r\n"));
        byte[] bytes = [.. Encoding.ASCII.GetBytes("Email,First,Last\r\n" + rows + "max@example.com,Max,M"), 0xFC, .. Encoding.ASCII.GetBytes("ller\r\n")];

        var preview = await Assert.ThrowsAsync<InvalidFeedFileException>(() => CsvPreview.ReadAsync(new MemoryStream(bytes), [], CancellationToken.None));
        var import = Assert.Throws<InvalidFeedFileException>(() => Read(Layout, bytes));

        Assert.Equal(import.Reason, preview.Reason);
        Assert.Contains("CSV UTF-8", preview.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_cell_on_the_first_data_row_is_refused_as_that_row_not_as_the_header()
    {
        var file = Encoding.UTF8.GetBytes("Email,First,Last\r\nann@example.com,Ann," + new string('x', 5 * 1024 * 1024) + "\r\nbob@example.com,Bob,Ray\r\n");

        var import = Assert.Throws<InvalidFeedFileException>(() => Read(Layout, file)).Reason;
        var preview = (await Assert.ThrowsAsync<InvalidFeedFileException>(() => CsvPreview.ReadAsync(new MemoryStream(file), [], CancellationToken.None))).Reason;

        Assert.Equal(import, preview);
        AssertOwnWords(import);
        Assert.Contains("data row 1", import, StringComparison.Ordinal);
        Assert.Contains("65,536 characters", import, StringComparison.Ordinal);
        Assert.DoesNotContain("header", import, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_cell_that_the_reader_holds_is_a_row_error_of_its_row_and_the_other_rows_apply()
    {
        var plan = Plan(MappingOf(), "Email,First,Last\r\nann@example.com,Ann," + new string('x', 60_000) + "\r\nbob@example.com,Bob,Ray\r\n");

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((1, "Last", "value-too-long"), (issue.Row, issue.Column, issue.Code));
        Assert.Equal("bob@example.com", Assert.Single(plan.Changes).User.Email);
    }
}
