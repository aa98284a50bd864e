using System.Text;
using Sylvan.Data.Csv;
using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Csv;

/// <summary>
/// Reads a feed file as a stream of <see cref="FeedRow"/>s in a mapping's <see cref="FieldLayout"/>.
/// Column ordinals are resolved once from the header; the loop only copies the mapped cells.
/// Anything that makes the file unreadable as a whole surfaces as <see cref="InvalidFeedFileException"/>.
/// </summary>
public sealed class FeedFileReader : IDisposable
{
    private readonly CsvDataReader reader;
    private readonly int[] ordinals;
    private readonly ValuePool[] pools;
    private readonly FieldLayout layout;

    private FeedFileReader(CsvDataReader reader, int[] ordinals, FieldLayout layout, char separator, CsvSniff sniff)
    {
        this.reader = reader;
        this.ordinals = ordinals;
        this.layout = layout;
        pools = [.. ordinals.Select(_ => new ValuePool())]; // one per column: a column's repeats are what can be shared
        Separator = separator;
        Sniff = sniff;
    }

    public char Separator { get; }

    public CsvSniff Sniff { get; }

    public FieldLayout Layout => layout;

    /// <summary>Opens a feed file for a mapping; throws <see cref="InvalidFeedFileException"/> when it cannot be read as one.</summary>
    public static async Task<FeedFileReader> OpenAsync(Stream stream, FieldLayout layout, CancellationToken cancellationToken)
    {
        var (sniff, replay) = await CsvSniffer.SniffAsync(stream, cancellationToken);
        return Open(sniff, replay, layout);
    }

    /// <summary>
    /// A seekable file (a spooled download or upload) as rows that can be read more than once: each call
    /// reads it again from its start. The planner reads a file again instead of holding every row.
    /// </summary>
    public static Func<IEnumerable<FeedRow>> Rereadable(Stream seekable, FieldLayout layout) => () => ReadFromStart(seekable, layout);

    private static IEnumerable<FeedRow> ReadFromStart(Stream file, FieldLayout layout)
    {
        file.Position = 0;
        var (sniff, replay) = CsvSniffer.Sniff(file, leaveOpen: true);
        using var reader = Open(sniff, replay, layout);
        foreach (var row in reader.ReadRows())
        {
            yield return row;
        }
    }

    private static FeedFileReader Open(CsvSniff sniff, Stream replay, FieldLayout layout)
    {
        var separator = ChooseSeparator(sniff.HeaderLine, layout);
        var csv = OpenCsv(replay, separator, sniff);
        return new FeedFileReader(csv, ResolveOrdinals(csv, layout, separator), layout, separator, sniff);
    }

    /// <summary>Opens any CSV (no mapping), choosing the most frequent separator in the header.</summary>
    public static async Task<(CsvDataReader Reader, CsvSniff Sniff, char Separator)> OpenUnmappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var (sniff, replay) = await CsvSniffer.SniffAsync(stream, cancellationToken);
        var counts = CsvSniffer.CountSeparators(sniff.HeaderLine);
        var separator = counts.OrderByDescending(c => c.Value).ThenBy(c => CsvSniffer.Separators.ToList().IndexOf(c.Key)).First().Key;
        return (OpenCsv(replay, separator, sniff), sniff, separator);
    }

    public IEnumerable<FeedRow> ReadRows()
    {
        var row = 0;
        while (Next())
        {
            row++;
            var present = reader.RowFieldCount;
            if (present == 1 && reader.FieldCount > 1 && reader.GetFieldSpan(0).IsWhiteSpace())
            {
                continue; // a blank line holds no row (exports often end with one); it still counts in the row numbers
            }

            var values = new string[ordinals.Length];
            for (var i = 0; i < ordinals.Length; i++)
            {
                var ordinal = ordinals[i];
                values[i] = ordinal < present ? pools[i].Get(reader.GetFieldSpan(ordinal)) : string.Empty;
            }

            yield return new FeedRow(row, values, present, reader.FieldCount);
        }

        bool Next()
        {
            try
            {
                return reader.Read();
            }
            catch (Exception ex) when (CsvReadErrors.IsReadError(ex))
            {
                throw CsvReadErrors.AfterRow(ex, row);
            }
        }
    }

    public void Dispose() => reader.Dispose();

    /// <summary>
    /// The CSV reader over the file. Opening it reads the header and the first data row: a record too large then is
    /// that row when the sniffer saw the header end (<see cref="CsvSniff.HeaderIsWhole"/>), else the header.
    /// </summary>
    internal static CsvDataReader OpenCsv(Stream replay, char separator, CsvSniff sniff)
    {
        var text = new StreamReader(replay, CsvSniffer.StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        SkipBom(text);
        try
        {
            return CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = true,
                Delimiter = separator,
                BufferSize = CsvReadErrors.MaxRecordChars,
            });
        }
        catch (Exception ex) when (CsvReadErrors.IsReadError(ex))
        {
            throw ex is CsvRecordTooLargeException && sniff.HeaderIsWhole ? CsvReadErrors.AfterRow(ex, 0) : CsvReadErrors.InHeader(ex);
        }
    }

    private static void SkipBom(StreamReader text)
    {
        if (text.Peek() == '\uFEFF')
        {
            text.Read();
        }
    }

    /// <summary>
    /// Comma, semicolon or tab: the one under which every mapped column is in the header. Spreadsheets
    /// in many locales write ';' or tab, so any of them is accepted when the header leaves no doubt.
    /// </summary>
    private static char ChooseSeparator(string headerLine, FieldLayout layout)
    {
        var fits = CsvSniffer.Separators
            .Where(s => MissingColumns(CsvSniffer.SplitHeader(headerLine, s), layout).Count == 0)
            .ToList();
        if (fits.Count == 1)
        {
            return fits[0];
        }

        if (fits.Count > 1)
        {
            throw new InvalidFeedFileException(
                $"The separator is ambiguous: the header reads as valid with {string.Join(" and ", fits.Select(Describe))}. Use commas and quote column names that contain separators.");
        }

        var counts = CsvSniffer.CountSeparators(headerLine);
        var likely = counts.OrderByDescending(c => c.Value).First().Key;
        var header = CsvSniffer.SplitHeader(headerLine, likely);
        var missing = MissingColumns(header, layout);
        throw new InvalidFeedFileException(
            $"Mapped column(s) missing from the header: {string.Join(", ", missing.Select(c => $"'{c}'"))}. (Read with {Describe(likely)} as the separator.) {TheHeaderHas(header)}");
    }

    /// <summary>The file's own column names, so whoever fixes the mapping sees what the file has (at most 30, each cut at 60 characters).</summary>
    private static string TheHeaderHas(IReadOnlyList<string> header)
    {
        const int Shown = 30, Length = 60;
        var names = header.Take(Shown).Select(c => c.Trim()).Select(c => $"'{(c.Length > Length ? c[..Length] + "…" : c)}'");
        return $"The file's columns: {string.Join(", ", names)}{(header.Count > Shown ? $" and {header.Count - Shown} more" : "")}.";
    }

    private static List<string> MissingColumns(IReadOnlyList<string> header, FieldLayout layout)
    {
        var names = new HashSet<string>(header, StringComparer.OrdinalIgnoreCase);
        return [.. layout.Columns.Distinct().Where(c => !names.Contains(c))];
    }

    private static int[] ResolveOrdinals(CsvDataReader csv, FieldLayout layout, char separator)
    {
        var byName = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var name = csv.GetName(i).Trim();
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
            }

            list.Add(i);
        }

        // The separator was chosen on the sniffer's split of the header line; the CSV reader's own reading of
        // the header is what counts, and differs from it for a quote inside a name (Status"" is not Status).
        var missing = layout.Columns.Distinct().Where(c => !byName.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidFeedFileException(
                $"Mapped column(s) missing from the header: {string.Join(", ", missing.Select(c => $"'{c}'"))}. (Read with {Describe(separator)} as the separator; quotes belong only around a whole column name.) {TheHeaderHas([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetName)])}");
        }

        var ordinals = new int[layout.Columns.Count];
        var duplicated = new List<string>();
        for (var i = 0; i < ordinals.Length; i++)
        {
            var found = byName[layout.Columns[i]];
            if (found.Count > 1)
            {
                duplicated.Add(layout.Columns[i]);
            }

            ordinals[i] = found[0];
        }

        if (duplicated.Count > 0)
        {
            throw new InvalidFeedFileException(
                $"Mapped column(s) appear more than once in the header: {string.Join(", ", duplicated.Distinct().Select(c => $"'{c}'"))}.");
        }

        return ordinals;
    }

    private static string Describe(char separator) => separator switch
    {
        ',' => "comma",
        ';' => "semicolon",
        '\t' => "tab",
        _ => $"'{separator}'",
    };
}
