using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The group membership index: one row per (group, user) in the users' own partition of the users table, row key
/// <c>%G{groupId}|{user's row key}</c>, so a group's members are one range of keys and a user's memberships are
/// written in the same transaction as the user (a run stopped after any transaction leaves them agreeing). No user's
/// row key starts with <c>%G</c>: an escaped email's '%' is followed by two upper-case hex digits (the users are read
/// in the two ranges around the memberships and the histories: <see cref="UserRanges"/>). The user's
/// <c>FeedGroups</c> and <c>PlatformGroups</c> are the truth; a row says which of them holds (<c>Feed</c>,
/// <c>Platform</c>), and a membership that ended is a row with neither (written, never deleted, so a transaction
/// never fails on a row that is not there), which the lists leave out.
/// </summary>
public static class Memberships
{
    /// <summary>The start of every membership row key.</summary>
    public const string Prefix = "%G";

    public static string RowKey(string groupId, string userRowKey) => GroupStart(groupId) + userRowKey;

    /// <summary>The first row key of a group's members.</summary>
    public static string GroupStart(string groupId) => Prefix + groupId + "|";

    /// <summary>The first row key after a group's members ('}' follows '|').</summary>
    public static string GroupEnd(string groupId) => Prefix + groupId + "}";

    /// <summary>
    /// The filters of a tenant's users, without the membership and history rows (<see cref="HistoryRows"/>, right after
    /// the memberships) and the index of their ids (<see cref="ScimIds"/>, right after the histories): the keys below them (emails whose escaped form starts with '!', '$' or an escape such as
    /// <c>%2F</c>: rare) and those above (every other). Each is one range of keys, so a read of the users never scans a
    /// membership or a history entry.
    /// </summary>
    public static string[] UserRanges(string tenantId) =>
    [
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {Prefix}"),
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {ScimIds.End}"),
    ];

    /// <summary>A filter of one group's current members.</summary>
    public static string MembersOf(string tenantId, string groupId) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {tenantId} and RowKey ge {GroupStart(groupId)} and RowKey lt {GroupEnd(groupId)} and (Feed eq {true} or Platform eq {true})");

    /// <summary>A membership row as it should be: from the feed, the platform, both, or (neither) ended.</summary>
    public static TableEntity Entity(string tenantId, string groupId, string email, bool feed, bool platform) =>
        new(tenantId, RowKey(groupId, UserStore.RowKeyOf(email)))
        {
            ["GroupId"] = groupId,
            ["Email"] = EmailAddress.Normalize(email),
            ["Feed"] = feed,
            ["Platform"] = platform,
        };

    /// <summary>
    /// The membership writes a change makes, to go in the user's transaction: a new user's groups; for a row's replace,
    /// each group that joined or left the user's feed groups (and, when the email changed, every membership moved to the
    /// new row key); for a patch, the feed groups it adds (the planner patches groups only into users who had none).
    /// A user the file does not list keeps their groups: nothing.
    /// </summary>
    public static IReadOnlyList<TableTransactionAction> Of(string tenantId, UserChange change) =>
        TouchesGroups(change) ? [.. Writes(tenantId, change)] : []; // most changes touch none: no list, no iterator

    private static bool TouchesGroups(UserChange change) => change switch
    {
        UserChange.Create { User: var user } => user.FeedGroups.Count + user.PlatformGroups.Count > 0,
        UserChange.Replace { FormerFeedGroups: { } former, User: var user } replace =>
            former.Count + user.FeedGroups.Count > 0 || (replace.PreviousEmail is not null && user.PlatformGroups.Count > 0),
        UserChange.Patch { Values.FeedGroups: { Count: > 0 } } => true,
        _ => false,
    };

    private static IEnumerable<TableTransactionAction> Writes(string tenantId, UserChange change)
    {
        switch (change)
        {
            case UserChange.Create { User: var user }:
                foreach (var group in user.Groups)
                {
                    yield return Upsert(Entity(tenantId, group, user.Email, user.FeedGroups.Contains(group), user.PlatformGroups.Contains(group)));
                }

                break;
            case UserChange.Replace { FormerFeedGroups: { } former, User: var user } replace when replace.PreviousEmail is { } previous:
                foreach (var group in former.Union(user.PlatformGroups))
                {
                    yield return Upsert(Entity(tenantId, group, previous, feed: false, platform: false));
                }

                foreach (var group in user.Groups)
                {
                    yield return Upsert(Entity(tenantId, group, user.Email, user.FeedGroups.Contains(group), user.PlatformGroups.Contains(group)));
                }

                break;
            case UserChange.Replace { FormerFeedGroups: { } former, User: var user }:
                foreach (var group in former.Except(user.FeedGroups).Concat(user.FeedGroups.Except(former)))
                {
                    yield return Upsert(Entity(tenantId, group, user.Email, user.FeedGroups.Contains(group), user.PlatformGroups.Contains(group)));
                }

                break;
            case UserChange.Patch { Values.FeedGroups: { } groups } patch:
                foreach (var group in groups)
                {
                    var entity = Entity(tenantId, group, patch.Email, feed: true, platform: false);
                    entity.Remove("Platform"); // merged: a membership the platform gave stays
                    yield return new TableTransactionAction(TableTransactionActionType.UpsertMerge, entity);
                }

                break;
        }
    }

    private static TableTransactionAction Upsert(TableEntity entity) => new(TableTransactionActionType.UpsertReplace, entity);
}
