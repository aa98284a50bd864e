using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>Every user's record, read: the planner compares each row with its user value by value, and merges nothing.</summary>
public sealed class FullRecords : IUserIndex
{
    private readonly List<UserRecord> records;
    private readonly List<UserSummary> summaries;
    private readonly UserKeys keys;

    public FullRecords(IEnumerable<UserRecord> users)
    {
        var count = users.TryGetNonEnumeratedCount(out var known) ? known : 0;
        records = new List<UserRecord>(count);
        summaries = new List<UserSummary>(count);
        keys = new UserKeys(count, position => summaries[position].EmailKey);
        foreach (var record in users)
        {
            var summary = UserSummary.From(record, 0);
            var position = keys.Add(summary);
            if (position < records.Count)
            {
                (records[position], summaries[position]) = (record, summary);
            }
            else
            {
                records.Add(record);
                summaries.Add(summary);
            }
        }
    }

    public static FullRecords None { get; } = new([]);

    public int Count => records.Count;

    public UserSummary Summary(int user) => summaries[user];

    public UserRecord? Record(int user) => records[user];

    public int WithEmailKey(string emailKey) => keys.WithEmailKey(emailKey);

    public int WithExternalId(string externalId) => keys.WithExternalId(externalId);
}
