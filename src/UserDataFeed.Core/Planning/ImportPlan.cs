namespace UserDataFeed.Core.Planning;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>A row error or warning: row 1 is the first data row.</summary>
public sealed record RowIssue(int Row, string Column, string Value, string Code, string Message, IssueSeverity Severity)
{
    /// <summary>The row's user, so an admin knows whom it concerns: its email (lower-cased), else its external id, else "".</summary>
    public string User { get; init; } = "";
}

/// <summary>
/// What a file did: <see cref="Rows"/> counts every data row, <see cref="OutOfScope"/> those the mapping's scope left out;
/// <see cref="PendingDeactivation"/> the absent feed users the grace period keeps active (one more file missed).
/// </summary>
public sealed record ImportCounts(
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int Deactivated,
    int Reactivated,
    int Errors,
    int Warnings)
{
    public int OutOfScope { get; init; }

    public int PendingDeactivation { get; init; }

    /// <summary>The groups the rows that apply list (0 when groups are not mapped).</summary>
    public int Groups { get; init; }
}

/// <summary>
/// What a file does to a tenant's users. <see cref="HoldReason"/> set means: apply nothing until approved.
/// </summary>
public sealed record ImportPlan(
    PlannedChanges Changes,
    ImportCounts Counts,
    IReadOnlyList<RowIssue> Issues,
    string? HoldReason)
{
    public bool Held => HoldReason is not null;

    /// <summary>Every user's summary once the plan is applied: the tenant's next digest (made as it is enumerated, from what the plan keeps).</summary>
    public IReadOnlyCollection<Users.UserSummary> Summaries { get; init; } = [];

    /// <summary>False when <see cref="Summaries"/> equal the summaries planned against: nothing to write, not even the digest.</summary>
    public bool SummariesChanged { get; init; } = true;

    /// <summary>The groups the file names (id → name as first written): made before the changes are written, when missing.</summary>
    public IReadOnlyDictionary<string, string> Groups { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A plan's changes, in row order and then the users the file does not list. A plan keeps only the kind of change
/// per row, so a million changes are never held at once: they are made each time they are enumerated, from the
/// plan's <see cref="FeedRows"/> read again. Whoever writes them keeps that file open until they are written.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "Named for what it holds, as ImportPlan.Changes reads.")]
public sealed class PlannedChanges : IReadOnlyCollection<UserChange>
{
    private readonly Func<int, IEnumerable<UserChange>> make;

    internal PlannedChanges(int count, Func<int, IEnumerable<UserChange>> make)
    {
        Count = count;
        this.make = make;
    }

    public int Count { get; }

    /// <summary>The changes after the first <paramref name="written"/> (those are passed over, not made): what a continuation still writes.</summary>
    public IEnumerable<UserChange> After(int written) => make(Math.Max(0, written));

    public IEnumerator<UserChange> GetEnumerator() => make(0).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The safety hold: a file may deactivate (by absence or by the status column) at most this share of the active users the feed manages.</summary>
public sealed record HoldThreshold(int Percent = 20, int Minimum = 10)
{
    public static readonly HoldThreshold Default = new();

    /// <summary>No hold at all: for an import an admin approved.</summary>
    public static readonly HoldThreshold Never = new() { Enabled = false };

    public bool Enabled { get; init; } = true;

    public bool IsExceeded(int deactivations, int activeFeedUsers) =>
        Enabled && deactivations > Minimum && deactivations * 100L > Percent * (long)activeFeedUsers;
}
