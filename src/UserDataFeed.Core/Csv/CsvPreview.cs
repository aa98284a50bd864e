using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Csv;

/// <summary>What a sample file looks like to the feed: its columns, first rows, separator, encoding and a suggested mapping.</summary>
public sealed record CsvPreview(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> SampleRows,
    string Delimiter,
    string Encoding,
    IReadOnlyDictionary<string, string> SuggestedMapping)
{
    public const int MaxSampleRows = 5;

    /// <summary>Reads the header and up to <see cref="MaxSampleRows"/> rows; throws <see cref="InvalidFeedFileException"/> for unreadable files.</summary>
    public static async Task<CsvPreview> ReadAsync(Stream stream, IEnumerable<CustomField> customFields, CancellationToken cancellationToken)
    {
        var (reader, sniff, separator) = await FeedFileReader.OpenUnmappedAsync(stream, cancellationToken);
        using (reader)
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToList();
            var rows = new List<IReadOnlyList<string>>();
            try
            {
                while (rows.Count < MaxSampleRows && await reader.ReadAsync(cancellationToken))
                {
                    rows.Add([.. Enumerable.Range(0, columns.Count).Select(i => i < reader.RowFieldCount ? reader.GetString(i) : "")]);
                }
            }
            catch (Exception ex) when (ex is System.Text.DecoderFallbackException or Sylvan.Data.Csv.CsvFormatException)
            {
                throw new InvalidFeedFileException($"The sample is not a readable UTF-8 CSV after row {rows.Count}: {ex.Message}");
            }

            var delimiter = separator.ToString();
            return new CsvPreview(columns, rows, delimiter, sniff.HasBom ? "utf-8-bom" : "utf-8", MappingSuggester.Suggest(columns, customFields));
        }
    }
}
