using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

public enum ChangeKind
{
    Create,
    Update,
    Deactivate,
    Reactivate,
}

/// <summary>The values of a user that a change merges into the stored user instead of replacing all of it.</summary>
[Flags]
public enum UserValues
{
    /// <summary>Nothing merged: the change replaces the whole stored user.</summary>
    None = 0,

    /// <summary>Email, first and last name.</summary>
    Identity = 1,

    /// <summary>Active, and whether the feed deactivated the user for absence.</summary>
    Status = 2,
    ExternalId = 4,
    FeedRoles = 8,
    DerivedManager = 16,
    Managers = 32,

    /// <summary>The custom fields named by <see cref="UserChange.MergedFieldKeys"/>.</summary>
    CustomFields = 64,
}

/// <summary>
/// One user to write. Usually the user's full new state; when <see cref="MergedValues"/> is set, only
/// those values of <paramref name="User"/> (and its UpdatedAt) are merged into the stored user, whom the plan
/// did not read (it knew the user by summary), and the user's other values are placeholders.
/// <paramref name="PreviousEmail"/> is set when the user's email (their row key) changed, so the old row
/// must go in the same transaction.
/// </summary>
public sealed record UserChange(ChangeKind Kind, UserRecord User, string? PreviousEmail = null)
{
    public UserValues MergedValues { get; init; }

    /// <summary>With <see cref="UserValues.CustomFields"/>: the keys merged; a key missing from the user's fields is cleared.</summary>
    public IReadOnlyList<string> MergedFieldKeys { get; init; } = [];

    public bool IsMerge => MergedValues != UserValues.None;
}

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>A row error or warning: row 1 is the first data row.</summary>
public sealed record RowIssue(int Row, string Column, string Value, string Code, string Message, IssueSeverity Severity);

public sealed record ImportCounts(
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int Deactivated,
    int Reactivated,
    int Errors,
    int Warnings);

/// <summary>
/// What a file does to a tenant's users. <see cref="HoldReason"/> set means: apply nothing until approved.
/// <see cref="Changes"/> are made as they are enumerated, from the file read again: enumerate them while the file is open.
/// </summary>
public sealed record ImportPlan(
    IReadOnlyCollection<UserChange> Changes,
    ImportCounts Counts,
    IReadOnlyList<RowIssue> Issues,
    string? HoldReason)
{
    public bool Held => HoldReason is not null;

    /// <summary>
    /// Users known only by summary whose records this plan needs (their row changed, or absence or the
    /// derived Manager role changes them). When any are listed the plan is incomplete: read them and plan again.
    /// </summary>
    public IReadOnlyList<string> MissingRecords { get; init; } = [];

    /// <summary>Every user's summary once the plan is applied: the tenant's next digest (made as it is enumerated).</summary>
    public IReadOnlyCollection<Users.UserSummary> Summaries { get; init; } = [];

    /// <summary>False when <see cref="Summaries"/> equal the summaries planned against: nothing to write, not even the digest.</summary>
    public bool SummariesChanged { get; init; } = true;

    public bool Complete => MissingRecords.Count == 0;

    /// <summary>Makes the changes after the first <paramref name="count"/> only (those are passed over, not made).</summary>
    internal Func<int, IEnumerable<UserChange>>? SkippingChanges { get; init; }

    /// <summary><see cref="Changes"/> after the first <paramref name="written"/>: what a continuation still writes.</summary>
    public IEnumerable<UserChange> ChangesAfter(int written) =>
        written <= 0 ? Changes : SkippingChanges?.Invoke(written) ?? Changes.Skip(written);
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
