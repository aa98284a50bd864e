using Sylvan.Data.Csv;

namespace UserDataFeed.Core.Csv;

/// <summary>
/// The CSV files the service writes, through Sylvan's <see cref="CsvDataWriter"/>, so quoting is in one place:
/// RFC 4180 (a field is quoted when it holds a comma, a quote or a line break, or starts with '#'; quotes doubled)
/// with CRLF line ends. What a value must look like in a spreadsheet is the caller's concern.
/// </summary>
public static class CsvOutput
{
    private static readonly CsvDataWriterOptions Options = new() { NewLine = "\r\n" };

    private static readonly CsvDataWriterOptions RowsOnly = new() { NewLine = "\r\n", WriteHeaders = false };

    /// <summary>
    /// Writes the header (unless <paramref name="withHeader"/> is false: more rows of a file begun earlier) and the rows
    /// (each as many cells as the header) to <paramref name="output"/>, and closes it.
    /// </summary>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<string[]> rows, bool withHeader = true)
    {
        using var reader = new StringRowsReader(header, rows);
        using var csv = CsvDataWriter.Create(output, withHeader ? Options : RowsOnly);
        csv.Write(reader);
    }
}
