using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// What a file does to a user it does not list, decided once (<see cref="ImportPlanner.DecideUnlisted"/>): whether they
/// miss the file and are deactivated by it, the files they will have missed, the derived Manager role, and why. The
/// plan's change (the whole record or a patch), the user's next summary and the counts are projections of it; none
/// decides again.
/// </summary>
/// <param name="Absent">The user misses the file (an active feed user it does not list).</param>
/// <param name="Deactivates">This miss is the last the grace period allows: the user is deactivated for absence.</param>
/// <param name="MissedFiles">The files the user will have missed in a row (counted once per import).</param>
internal readonly record struct UnlistedVerdict(bool Absent, bool Deactivates, int MissedFiles, bool DerivedManager, ChangeCause Cause)
{
    public ChangeKind Kind => Deactivates ? ChangeKind.Deactivate : ChangeKind.Update;

    /// <summary>Why a user this verdict deactivates is inactive: the file does not list them, or only outside its scope.</summary>
    public InactiveReason InactiveBecause => Cause == ChangeCause.OutOfScope ? InactiveReason.OutOfScope : InactiveReason.Absence;

    /// <summary>One more file missed, not yet deactivated: written, and counted apart from the updates.</summary>
    public bool PendingDeactivation => Absent && !Deactivates;

    /// <summary>The user's whole state after the file, from their record.</summary>
    public UserRecord ApplyTo(UserRecord record, string? importId, DateTimeOffset now)
    {
        var next = record with { DerivedManager = DerivedManager, UpdatedAt = now };
        return !Absent ? next
            : Deactivates ? next with { InactiveBecause = InactiveBecause, MissedFiles = MissedFiles, MissedInImport = importId }
            : next with { MissedFiles = MissedFiles, MissedInImport = importId };
    }

    /// <summary>The values to merge into the user when their record was not read: only those the verdict moves.</summary>
    public UserPatch ToPatch(string emailKey, string? importId, DateTimeOffset now) => new(emailKey, now)
    {
        Status = Deactivates ? InactiveBecause : null,
        MissedFiles = Absent ? MissedFiles : null,
        MissedInImport = Absent ? importId : null,
        DerivedManager = DerivedManager,
    };

    /// <summary>
    /// The user's summary after the file. A miss alone keeps the hash of the row that made the user (it still says what
    /// they are); a deactivation or a new derived role does not.
    /// </summary>
    public UserSummary ToSummary(in UserSummary summary)
    {
        var missed = (byte)Math.Min(MissedFiles, byte.MaxValue);
        return !Absent ? summary with { DerivedManager = DerivedManager, InputHash = 0 }
            : Deactivates ? summary with { Active = false, DerivedManager = DerivedManager, InputHash = 0, MissedFiles = missed }
            : summary with { DerivedManager = DerivedManager, InputHash = DerivedManager == summary.DerivedManager ? summary.InputHash : 0, MissedFiles = missed };
    }
}
