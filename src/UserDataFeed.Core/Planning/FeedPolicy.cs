namespace UserDataFeed.Core.Planning;

/// <summary>The tenant's settings that feed rules read when a file is planned: the safety hold and the grace period of absence.</summary>
public sealed record FeedPolicy(HoldThreshold Hold)
{
    /// <summary>The longest grace period a tenant may set, in missed files.</summary>
    public const int MostMissingFiles = 30;

    public static readonly FeedPolicy Default = new(HoldThreshold.Default);

    /// <summary>
    /// How many consecutive files an active feed user may be absent from before the feed deactivates them: 1 (the default)
    /// deactivates on the first file without them (<see cref="ImportPlanner.AbsenceDeactivatesOnTheLastMissedFile"/>).
    /// </summary>
    public int DeactivateAfterMissingFiles { get; init; } = 1;

    /// <summary>
    /// The import the file is planned for (null for a dry run): a user whose <see cref="Users.UserRecord.MissedInImport"/>
    /// names it already had this file's miss counted (<see cref="ImportPlanner.MissedFilesBeforeThisImport"/>).
    /// </summary>
    public string? ImportId { get; init; }

    /// <summary>
    /// Set when the rows are a provisioning client's request (SCIM) rather than a file: one row, naming its user by the
    /// id the service gave them. A request lists only that user, so the others are not absent from it
    /// (<see cref="ImportPlanner.AbsenceIsAFilesRule"/>). Null for a file.
    /// </summary>
    public ClientRequest? Request { get; init; }
}

/// <param name="NamedUserEmailKey">
/// The email key of the user the request names (looked up from the id in its address), or null when it names none
/// (a creation).
/// </param>
public sealed record ClientRequest(string? NamedUserEmailKey);
