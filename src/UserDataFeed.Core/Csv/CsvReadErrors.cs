using System.Text;
using Sylvan.Data.Csv;

namespace UserDataFeed.Core.Csv;

/// <summary>
/// What the CSV reader throws, in our own words, for the import, the dry run and the preview alike: the
/// reader's messages name its own settings and count the header as row 0.
/// </summary>
internal static class CsvReadErrors
{
    /// <summary>The reader's buffer, in characters: a record (the header or one row) must fit in it.</summary>
    public const int MaxRecordChars = 64 * 1024;

    /// <summary>A failure while reading the header (opening the reader).</summary>
    public static InvalidFeedFileException InHeader(Exception ex) => ex switch
    {
        DecoderFallbackException => NotUtf8("in its header row"),
        CsvRecordTooLargeException => new InvalidFeedFileException(
            $"The header row is larger than {MaxRecordChars:N0} characters: the file has too many or too long column names, or is not a CSV."),
        _ => new InvalidFeedFileException($"The header row is not well-formed CSV: {ex.Message}"),
    };

    /// <summary>A failure while reading the data row after <paramref name="rowsRead"/> data rows.</summary>
    public static InvalidFeedFileException AfterRow(Exception ex, int rowsRead) => ex switch
    {
        DecoderFallbackException => NotUtf8($"after data row {rowsRead}"),
        CsvRecordTooLargeException => new InvalidFeedFileException(
            $"A cell or row of the file is larger than {MaxRecordChars:N0} characters (at data row {rowsRead + 1}), the most one row may have: usually a quote that is never closed, or a file that is not a CSV."),
        _ => new InvalidFeedFileException($"The file is not well-formed CSV after data row {rowsRead}: {ex.Message}"),
    };

    /// <summary>Whether <paramref name="ex"/> is one the translations above cover.</summary>
    public static bool IsReadError(Exception ex) => ex is DecoderFallbackException or CsvFormatException;

    private static InvalidFeedFileException NotUtf8(string where) =>
        new($"The file is not valid UTF-8 {where}. Export it as \"CSV UTF-8\".");
}
