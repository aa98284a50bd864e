using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>A user as the planner sees it: always the summary, and the full record when it was read (a value type, held in one array).</summary>
public readonly record struct UserState(UserSummary Summary, UserRecord? Record)
{
    public static UserState Of(UserRecord record) => new(UserSummary.From(record, 0), record);

    public string Key => Summary.EmailKey;
}
