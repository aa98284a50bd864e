using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A feed file with the per-row rules applied (those that need no users: formats, required values,
/// duplicates), made by <see cref="ImportPlanner.Prepare"/>. It keeps a compact entry per row and reads the file
/// again for the rest, so it can be planned more than once (e.g. again once the records a first plan asked for
/// are read) without holding every row.
/// </summary>
public sealed class PreparedFile
{
    internal PreparedFile(FieldLayout layout, FeedRows file, BlockList<RowEntry> rows, List<RowIssue> issues, HashSet<string> listedManagers, BlockList<string> managerKeys, KeyTable rowOfEmail, ulong layoutSeed)
    {
        ManagerKeys = managerKeys;
        RowOfEmail = rowOfEmail;
        Layout = layout;
        File = file;
        Rows = rows;
        Issues = issues;
        ListedManagers = listedManagers;
        LayoutSeed = layoutSeed;
    }

    /// <summary>A file refused as a whole: why (the rest is empty).</summary>
    internal PreparedFile(FieldLayout layout, FeedRows file, string rejection)
        : this(layout, file, new BlockList<RowEntry>(), [], [], new BlockList<string>(), new KeyTable(0, _ => ""), 0) => Rejection = rejection;

    public FieldLayout Layout { get; }

    /// <summary>The file's rows, read again for what is not kept.</summary>
    public FeedRows File { get; }

    /// <summary>Set when the file cannot be imported at all (unreadable, a mapped column missing): why.</summary>
    public string? Rejection { get; }

    /// <summary>The rows in scope: those the rules apply to.</summary>
    public int RowCount => Rows.Count;

    /// <summary>The data rows left out by the mapping's scope (<see cref="ImportPlanner.RowIsOutOfScope"/>).</summary>
    public int OutOfScope { get; init; }

    /// <summary>The email keys of the rows left out by the scope (null when none is): a user absent for that reason is told apart.</summary>
    internal HashSet<string>? OutOfScopeKeys { get; init; }

    /// <summary>The groups the rows that apply list (when groups are mapped): each id with its name as first written.</summary>
    public IReadOnlyDictionary<string, string> Groups { get; init; } = new Dictionary<string, string>();

    internal BlockList<RowEntry> Rows { get; }

    /// <summary>Each row's external id, beside <see cref="Rows"/>; null when the mapping maps none.</summary>
    internal BlockList<string?>? ExternalIds { get; init; }

    /// <summary>Each row's dates, beside <see cref="Rows"/>; null when the mapping maps no date.</summary>
    internal BlockList<RowDates>? Dates { get; init; }

    internal List<RowIssue> Issues { get; }

    /// <summary>The email keys of every valid manager the file lists (rows in error included).</summary>
    internal HashSet<string> ListedManagers { get; }

    /// <summary>Every row's valid managers' email keys, one after the other (see <see cref="RowEntry.ManagersStart"/>).</summary>
    internal BlockList<string> ManagerKeys { get; }

    /// <summary>The first row of each email key (if that row is in error, so is every row with the key).</summary>
    internal KeyTable RowOfEmail { get; }

    /// <summary>Seeds every row hash, so a change of the mapping changes every hash.</summary>
    internal ulong LayoutSeed { get; }

    /// <summary>
    /// The file's own instance of an email key when a row has it, else a new string: users read beside the file
    /// (a digest, <see cref="DigestUsers.Read"/>) then hold each key once.
    /// </summary>
    internal string EmailKeyOf(ReadOnlySpan<char> key) =>
        RowOfEmail.Find(key) is var row and >= 0 ? Rows[row].EmailKey! : key.ToString();

    /// <summary>Row <paramref name="index"/>'s external id (null when the mapping maps none, or the row has no valid one).</summary>
    internal string? ExternalIdOf(int index) => ExternalIds?[index];

    /// <summary>Reads the file again: each row in scope with the index of its entry.</summary>
    internal IEnumerable<(int Index, FeedRow Row)> ReadAgain() => ReadAgain(File, Layout, Rows);

    internal static IEnumerable<(int Index, FeedRow Row)> ReadAgain(FeedRows file, FieldLayout layout, BlockList<RowEntry> entries)
    {
        var index = 0;
        foreach (var row in file.Read())
        {
            if (ImportPlanner.RowIsOutOfScope(row, layout))
            {
                continue;
            }

            if (index >= entries.Count || entries[index].Row != row.Row)
            {
                throw new InvalidOperationException("The feed file read differently the second time.");
            }

            yield return (index++, row);
        }

        if (index != entries.Count)
        {
            throw new InvalidOperationException("The feed file read differently the second time.");
        }
    }
}
