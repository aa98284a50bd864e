namespace UserDataFeed.Core.Users;

/// <summary>
/// What the planner must know of every user to plan a file without reading each record: the matching
/// keys, what absence and the hold look at, and <see cref="InputHash"/>, a hash of the row that last
/// produced the user's state (0 when unknown). A row whose hash equals it would change nothing.
/// A value type, so a digest of a million users is one array rather than a million objects.
/// </summary>
public readonly record struct UserSummary(string EmailKey, string? ExternalId, bool FeedCreated, bool Active, bool DerivedManager, ulong InputHash)
{
    public static UserSummary From(UserRecord user, ulong inputHash) =>
        new(EmailAddress.Normalize(user.Email), user.ExternalId, user.CreatedBy == CreatedBy.Feed, user.Active, user.DerivedManager, inputHash);
}
