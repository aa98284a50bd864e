using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Csv;

/// <summary>
/// A sample's first rows as a mapping makes them: each mapped field's value after trimming and its transform, and
/// whether the row is in the mapping's scope. <see cref="Problem"/> says why there are none (a mapped column missing).
/// </summary>
public sealed record MappedSample(IReadOnlyList<string> Fields, IReadOnlyList<MappedSampleRow> Rows, string? Problem = null)
{
    /// <summary>Maps the first <see cref="CsvPreview.MaxSampleRows"/> rows of a seekable sample, read from its start and left open.</summary>
    public static MappedSample Read(Stream sample, FeedMapping mapping)
    {
        var layout = new FieldLayout(mapping);
        try
        {
            return new MappedSample(layout.Fields, [.. FeedFileReader.Rereadable(sample, layout)().Take(CsvPreview.MaxSampleRows).Select(row => Map(row, layout))]);
        }
        catch (InvalidFeedFileException ex)
        {
            return new MappedSample(layout.Fields, [], ex.Reason);
        }
    }

    private static MappedSampleRow Map(FeedRow row, FieldLayout layout)
    {
        var inScope = !ImportPlanner.RowIsOutOfScope(row, layout);
        var values = ImportPlanner.TransformedValues(row, layout);
        return new MappedSampleRow(row.Row, inScope, [.. values.Take(layout.Count)]);
    }
}

/// <summary>A sample row as mapped: its values in the order of <see cref="MappedSample.Fields"/> (null where a <c>map</c> refuses the value).</summary>
public sealed record MappedSampleRow(int Row, bool InScope, IReadOnlyList<string?> Values);
