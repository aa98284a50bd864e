using System.Collections;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A digest's users as the planner's states, made as they are read (with the record when one was read), so
/// planning against a million summaries does not copy them first.
/// </summary>
public sealed class DigestUsers(IReadOnlyList<UserSummary> summaries, IReadOnlyDictionary<string, UserRecord>? records = null) : IReadOnlyList<UserState>
{
    public int Count => summaries.Count;

    public UserState this[int index] =>
        new(summaries[index], records is not null && records.TryGetValue(summaries[index].EmailKey, out var record) ? record : null);

    public IEnumerator<UserState> GetEnumerator()
    {
        for (var i = 0; i < summaries.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
