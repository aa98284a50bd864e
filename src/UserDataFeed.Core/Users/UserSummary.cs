namespace UserDataFeed.Core.Users;

/// <summary>
/// What the planner must know of every user to plan a file without reading each record: the matching
/// keys, what absence and the hold look at, and <see cref="InputHash"/>, a hash of the row that last
/// produced the user's state (0 when unknown). A row whose hash equals it would change nothing.
/// <see cref="BlockedByPlatform"/> is the platform's block (<see cref="UserRecord.BlockedByPlatform"/>), so a user
/// patched without reading the record is not reactivated.
/// <see cref="HasFeedGroups"/>: the feed put the user in some group, so a row that changes them cannot be patched unread
/// (the old memberships would not be known): its record is read.
/// <see cref="MissedFiles"/> counts the files an active feed user was absent from (<see cref="UserRecord.MissedFiles"/>, at most 255).
/// A value type, so a digest of a million users is one array rather than a million objects (the block's and the groups'
/// bools and the missed files' byte fit in the padding the other bools leave: 32 bytes a user either way).
/// </summary>
public readonly record struct UserSummary(string EmailKey, string? ExternalId, bool FeedCreated, bool Active, bool DerivedManager, ulong InputHash, bool BlockedByPlatform = false, bool HasFeedGroups = false, byte MissedFiles = 0)
{
    public static UserSummary From(UserRecord user, ulong inputHash) =>
        new(EmailAddress.Normalize(user.Email), user.ExternalId, user.CreatedBy == CreatedBy.Feed, user.Active, user.DerivedManager, inputHash, user.BlockedByPlatform,
            user.FeedGroups.Count > 0, (byte)Math.Min(user.MissedFiles, byte.MaxValue));
}
