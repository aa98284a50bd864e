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

    /// <summary>The first rows as the tenant's saved mapping makes them (its transforms and scope); null without a mapping.</summary>
    public MappedSample? Mapped { get; init; }

    /// <summary>Reads the header and every row, keeping up to <see cref="MaxSampleRows"/>; throws <see cref="InvalidFeedFileException"/> for unreadable files.</summary>
    public static async Task<CsvPreview> ReadAsync(Stream stream, IEnumerable<CustomField> customFields, CancellationToken cancellationToken)
    {
        var (reader, sniff, separator) = await FeedFileReader.OpenUnmappedAsync(stream, cancellationToken);
        using (reader)
        {
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToList();
            var rows = new List<IReadOnlyList<string>>();
            var read = 0;
            try
            {
                // The whole sample is read (the caller bounds its size), so it is refused where the import would refuse it.
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (++read <= MaxSampleRows)
                    {
                        rows.Add([.. Enumerable.Range(0, columns.Count).Select(i => i < reader.RowFieldCount ? reader.GetString(i) : "")]);
                    }
                }
            }
            catch (Exception ex) when (CsvReadErrors.IsReadError(ex))
            {
                throw CsvReadErrors.AfterRow(ex, read);
            }

            var delimiter = separator.ToString();
            return new CsvPreview(columns, rows, delimiter, sniff.HasBom ? "utf-8-bom" : "utf-8", MappingSuggester.Suggest(columns, customFields));
        }
    }
}
