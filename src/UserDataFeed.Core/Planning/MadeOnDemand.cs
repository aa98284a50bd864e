using System.Collections;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A collection of a known size whose items are made each time it is enumerated (a plan's changes from the
/// file read again, its summaries from per-row state), so a plan of a million users holds no million objects.
/// </summary>
internal sealed class MadeOnDemand<T>(int count, Func<IEnumerable<T>> make) : IReadOnlyCollection<T>
{
    public int Count => count;

    public IEnumerator<T> GetEnumerator() => make().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
