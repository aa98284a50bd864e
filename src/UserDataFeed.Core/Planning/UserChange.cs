using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>What a change does to a user, as the import's counts tell it.</summary>
public enum ChangeKind : byte
{
    Create,
    Update,
    Deactivate,
    Reactivate,
}

/// <summary>What brought a change about, so a user's history can say why (<see cref="Users.UserHistory"/>).</summary>
public enum ChangeCause : byte
{
    /// <summary>The user's row in the file.</summary>
    Row,

    /// <summary>The file does not list the user.</summary>
    Absence,

    /// <summary>The file lists the user only in rows outside the mapping's scope.</summary>
    OutOfScope,

    /// <summary>A start or end date fell due between files.</summary>
    DateFallsDue,

    /// <summary>An edit through the platform's API.</summary>
    Platform,
}

/// <summary>
/// One user to write, as one of three shapes: <see cref="Create"/> a new user, <see cref="Replace"/> a user the
/// plan read with their full new state, or <see cref="Patch"/> some values into a user the plan knows only by
/// summary (it did not read the record, so it writes only what it decides).
/// </summary>
public abstract record UserChange
{
    private UserChange(ChangeKind kind) => Kind = kind;

    public ChangeKind Kind { get; }

    /// <summary>The user's email as written: their row key.</summary>
    public abstract string Email { get; }

    /// <summary>What brought the change about.</summary>
    public ChangeCause Cause { get; init; }

    /// <summary>The file's data row that decided the change (1 = the first), 0 when no row did (a user the file does not list).</summary>
    public int Row { get; init; }

    /// <summary>A user the file creates: their full state.</summary>
    public sealed record Create(UserRecord User) : UserChange(ChangeKind.Create)
    {
        public override string Email => User.Email;
    }

    /// <summary>
    /// A user the plan read, with their full new state. <paramref name="PreviousEmail"/> is set when the email (the
    /// row key) changed, so the old row must go in the same transaction.
    /// </summary>
    public sealed record Replace(ChangeKind Change, UserRecord User, string? PreviousEmail = null) : UserChange(Change)
    {
        public override string Email => User.Email;

        /// <summary>
        /// The user's feed groups as read, when a row decided the user (null: the groups are as they were, e.g. a user
        /// the file does not list), so the store can move the memberships that changed in the same transaction.
        /// </summary>
        public IReadOnlyList<string>? FormerFeedGroups { get; init; }

        /// <summary>The user as read before the change (for their history), when the plan read them.</summary>
        public UserRecord? Former { get; init; }
    }

    /// <summary>Values merged into a user the plan did not read.</summary>
    public sealed record Patch(ChangeKind Change, UserPatch Values) : UserChange(Change)
    {
        public override string Email => Values.Email;
    }
}

/// <summary>
/// What a patch writes into a stored user: the values a row decides, or, for a user the file does not list, the
/// status and the derived Manager role. Nothing else of the user is known, so nothing else is written.
/// </summary>
public sealed record UserPatch(string Email, DateTimeOffset UpdatedAt)
{
    /// <summary>First and last name, with <see cref="Email"/> as the row wrote it.</summary>
    public (string FirstName, string LastName)? Names { get; init; }

    /// <summary>The user's status and why they are inactive (<see cref="InactiveReason.None"/>: active); a status the feed sets always sets <see cref="MissedFiles"/> too.</summary>
    public InactiveReason? Status { get; init; }

    /// <summary>The files missed in a row (the grace period): 0 when a row applies, one more when the file does not list the user.</summary>
    public int? MissedFiles { get; init; }

    /// <summary>The import that counted the miss, written with <see cref="MissedFiles"/> (null with a reset count): <see cref="UserRecord.MissedInImport"/>.</summary>
    public string? MissedInImport { get; init; }

    public string? ExternalId { get; init; }

    public Roles? FeedRoles { get; init; }

    public bool? DerivedManager { get; init; }

    public IReadOnlyList<string>? Managers { get; init; }

    /// <summary>The custom fields the mapping holds, each with its value; an empty value clears the field.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? CustomFields { get; init; }

    public DatesPatch? Dates { get; init; }

    /// <summary>
    /// The user's feed groups (ids), when groups are mapped. The planner patches groups only into a user who had no feed
    /// groups (<see cref="UserSummary.HasFeedGroups"/> clear), so the store adds these memberships and removes none.
    /// </summary>
    public IReadOnlyList<string>? FeedGroups { get; init; }
}

/// <summary>The dates a patch writes: each mapped one (<c>null</c> clears it) and whether the user waits for their start.</summary>
public sealed record DatesPatch(bool WritesStart, UserDate? Start, bool WritesEnd, UserDate? End, bool AwaitingStart);
