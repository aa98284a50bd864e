namespace UserDataFeed.Core.Planning;

/// <summary>
/// Collects a file's per-row items in blocks small enough for the small-object heap, then copies them once
/// into a list of the exact size. A list grown by doubling leaves some 1.5 times its final size of arrays
/// on the large-object heap, and that heap's allocations are what start full collections.
/// </summary>
internal sealed class BlockList<T>
{
    private const int BlockLength = 1024;

    private readonly List<T[]> blocks = [];
    private int count;

    public int Count => count;

    public T this[int index] => blocks[index / BlockLength][index % BlockLength];

    public void Add(T item)
    {
        if (count == blocks.Count * BlockLength)
        {
            blocks.Add(new T[BlockLength]);
        }

        blocks[count / BlockLength][count % BlockLength] = item;
        count++;
    }

    public List<T> ToList()
    {
        var list = new List<T>(count);
        for (var b = 0; b < blocks.Count; b++)
        {
            list.AddRange(blocks[b].AsSpan(0, Math.Min(BlockLength, count - (b * BlockLength))));
        }

        return list;
    }
}
