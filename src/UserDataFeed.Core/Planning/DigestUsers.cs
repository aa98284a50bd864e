using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A tenant's users as its digest knows them (<see cref="UserSummary"/>), with the records read for them. The
/// summaries are used as they are, not copied, so planning against a million costs no second million.
/// </summary>
public sealed class DigestUsers : IUserIndex
{
    private readonly IReadOnlyList<UserSummary> summaries;
    private readonly IReadOnlyDictionary<string, UserRecord>? records;
    private readonly UserKeys keys;

    public DigestUsers(IReadOnlyList<UserSummary> summaries, IReadOnlyDictionary<string, UserRecord>? records = null)
    {
        List<UserSummary>? deduplicated = null; // only when a key repeats, which a digest never has
        keys = new UserKeys(summaries.Count, position => (deduplicated ?? summaries)[position].EmailKey);
        for (var i = 0; i < summaries.Count; i++)
        {
            var position = keys.Add(summaries[i]);
            if (deduplicated is null && position != i)
            {
                deduplicated = [.. summaries.Take(i)];
            }

            if (deduplicated is not null)
            {
                if (position < deduplicated.Count)
                {
                    deduplicated[position] = summaries[i];
                }
                else
                {
                    deduplicated.Add(summaries[i]);
                }
            }
        }

        this.summaries = deduplicated ?? summaries;
        this.records = records;
    }

    private DigestUsers(DigestUsers users, IReadOnlyDictionary<string, UserRecord> records)
    {
        summaries = users.summaries;
        keys = users.keys;
        this.records = records;
    }

    /// <summary>
    /// Reads a digest beside the file it plans: the email keys the file has are held once, as the file's own
    /// instances (a million keys would otherwise be held twice).
    /// </summary>
    public static DigestUsers Read(Stream digest, PreparedFile file) =>
        new(UserDigest.Deserialize(digest, file.EmailKeyOf));

    /// <summary>The same users, with these records read (by email key).</summary>
    public DigestUsers WithRecords(IReadOnlyDictionary<string, UserRecord> read) => new(this, read);

    public int Count => summaries.Count;

    public UserSummary Summary(int user) => summaries[user];

    public UserRecord? Record(int user) =>
        records is not null && records.TryGetValue(summaries[user].EmailKey, out var record) ? record : null;

    public int WithEmailKey(string emailKey) => keys.WithEmailKey(emailKey);

    public int WithExternalId(string externalId) => keys.WithExternalId(externalId);
}
