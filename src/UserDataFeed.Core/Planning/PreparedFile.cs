using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A feed file with the per-row rules applied (those that need no users: formats, required values,
/// duplicates). It can be planned more than once, e.g. again once the records a first plan asked for are read.
/// </summary>
public sealed class PreparedFile
{
    internal PreparedFile(FieldLayout layout, List<ParsedRow> rows, List<RowIssue> issues, HashSet<string> listedManagers)
    {
        Layout = layout;
        Rows = rows;
        Issues = issues;
        ListedManagers = listedManagers;
    }

    public FieldLayout Layout { get; }

    public int RowCount => Rows.Count;

    internal List<ParsedRow> Rows { get; }

    internal List<RowIssue> Issues { get; }

    internal HashSet<string> ListedManagers { get; }

    /// <summary>Plans the file against the users; see <see cref="ImportPlan.MissingRecords"/> for users known only by summary.</summary>
    public ImportPlan Plan(IEnumerable<UserState> users, HoldThreshold threshold, DateTimeOffset now) =>
        new PlanRun(this, users).Build(threshold, now);
}
