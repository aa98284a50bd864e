using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The users a file is planned against, as the planner looks them up: every user by position (0 to
/// <see cref="Count"/> − 1), with its summary always and its record when it was read. Two adapters:
/// <see cref="FullRecords"/> (every record read) and <see cref="DigestUsers"/> (the tenant's digest, with the
/// records read for it).
/// </summary>
public interface IUserIndex
{
    int Count { get; }

    UserSummary Summary(int user);

    /// <summary>The user's full record, or null when only the summary is known.</summary>
    UserRecord? Record(int user);

    /// <summary>The user with this email key, or −1.</summary>
    int WithEmailKey(string emailKey);

    /// <summary>The user with this external id, or −1.</summary>
    int WithExternalId(string externalId);
}

/// <summary>
/// The look-ups of an <see cref="IUserIndex"/>, one user per email key: a later user with a key replaces the
/// earlier one (which keeps its position), as a store holds one user per key. The email keys stay in the users
/// (<see cref="KeyTable"/>): a million are not held a second time.
/// </summary>
internal sealed class UserKeys
{
    private readonly KeyTable ofEmailKey;
    private readonly Dictionary<string, int> ofExternalId = new(StringComparer.Ordinal);

    /// <param name="capacity">The users expected.</param>
    /// <param name="emailKeyOf">The email key of the user at a position <see cref="Add"/> gave.</param>
    public UserKeys(int capacity, Func<int, string> emailKeyOf) => ofEmailKey = new KeyTable(capacity, emailKeyOf);

    public int Count => ofEmailKey.Count;

    /// <summary>Adds the next user; returns the position it takes (an earlier user's when the key repeats).</summary>
    public int Add(in UserSummary user)
    {
        var position = ofEmailKey.AddOrFind(user.EmailKey, ofEmailKey.Count);
        if (position < 0)
        {
            position = ofEmailKey.Count - 1;
        }

        if (user.ExternalId is { Length: > 0 } externalId)
        {
            ofExternalId[externalId] = position;
        }

        return position;
    }

    public int WithEmailKey(string emailKey) => ofEmailKey.Find(emailKey);

    public int WithExternalId(string externalId) => ofExternalId.TryGetValue(externalId, out var user) ? user : -1;
}
