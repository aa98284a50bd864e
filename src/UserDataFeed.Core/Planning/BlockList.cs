namespace UserDataFeed.Core.Planning;

/// <summary>
/// A file's per-row items, kept in blocks small enough for the small-object heap. A list grown by doubling
/// leaves some 1.5 times its final size of arrays on the large-object heap (whose allocations start full
/// collections), and copying into one array of the exact size would hold two copies at once.
/// </summary>
internal sealed class BlockList<T>
{
    private const int BlockLength = 1024;

    private readonly List<T[]> blocks = [];
    private int count;

    public int Count => count;

    public ref T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)count, nameof(index));
            return ref blocks[index / BlockLength][index % BlockLength];
        }
    }

    public void Add(T item)
    {
        if (count == blocks.Count * BlockLength)
        {
            blocks.Add(new T[BlockLength]);
        }

        blocks[count / BlockLength][count % BlockLength] = item;
        count++;
    }
}
