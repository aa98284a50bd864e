using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A feed file's rows, which the planner reads more than once: first for the rules, then again for what it does
/// not keep (the cells of the issues it found late, and the values of the users a plan's changes write). Each
/// reading must give the same rows. A file read from a stream needs the stream open and unchanged for as long as
/// its plan's changes are made (<see cref="PlannedChanges"/>).
/// </summary>
public sealed class FeedRows
{
    private readonly Func<IEnumerable<FeedRow>> read;

    private FeedRows(Func<IEnumerable<FeedRow>> read) => this.read = read;

    /// <summary>Rows held in memory (a one-pass sequence is buffered first).</summary>
    public static FeedRows InMemory(IEnumerable<FeedRow> rows)
    {
        var held = rows as IReadOnlyCollection<FeedRow> ?? [.. rows];
        return new FeedRows(() => held);
    }

    /// <summary>A seekable file, read from its start each time.</summary>
    public static FeedRows FromFile(Stream seekable, FieldLayout layout) => new(FeedFileReader.Rereadable(seekable, layout));

    public IEnumerable<FeedRow> Read() => read();
}
