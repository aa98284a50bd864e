using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// Issues found once a row's cells are no longer held (duplicates, a taken email, a platform block), whose value is a cell of
/// that row: made when <see cref="AddTo"/> reads the file again for them, which only a file with such issues costs.
/// </summary>
internal sealed class PendingIssues(FieldLayout layout)
{
    private readonly List<(int Index, int Column, string Code, string Message, IssueSeverity Severity)> pending = [];

    public void Add(int index, int column, string code, string message, IssueSeverity severity = IssueSeverity.Error) =>
        pending.Add((index, column, code, message, severity));

    public void AddTo(List<RowIssue> issues, Func<IEnumerable<(int Index, Csv.FeedRow Row)>> readAgain)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var byIndex = pending.ToLookup(p => p.Index);
        foreach (var (index, row) in readAgain())
        {
            foreach (var (_, column, code, message, severity) in byIndex[index])
            {
                issues.Add(new RowIssue(row.Row, layout.ColumnOf(column), row.Values[column].Trim(), code, message, severity));
            }
        }

        pending.Clear();
    }
}
