using System.Collections;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A plan's changes, made as they are enumerated (each enumeration reads the file again), so a plan of a
/// million creates holds no records: the writer takes them a transaction at a time.
/// </summary>
internal sealed class PlannedChanges(int count, Func<IEnumerable<UserChange>> make) : IReadOnlyCollection<UserChange>
{
    public int Count => count;

    public IEnumerator<UserChange> GetEnumerator() => make().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
