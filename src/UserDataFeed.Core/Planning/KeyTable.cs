using System.Numerics;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// Finds items by a string key that the items hold themselves (a file's rows, a digest's users): it keeps only their
/// positions, 4 bytes a slot in one open-addressing array, and reads each key through <c>keyOf</c>. A
/// <see cref="Dictionary{TKey, TValue}"/> of a million keys would hold a 24-byte entry and a bucket for each, beside the
/// items that already hold the same keys. Ordinal keys, hashed with the runtime's randomised string hash.
/// </summary>
internal sealed class KeyTable
{
    /// <summary>The slots are at most half full, so a look-up probes few.</summary>
    private const int MostPerSlots = 2;

    private readonly Func<int, string> keyOf;

    /// <summary>Each slot: an item's position + 1, or 0 when free.</summary>
    private int[] slots;

    /// <param name="capacity">The keys expected: the slots are sized for them once (more grow the table).</param>
    /// <param name="keyOf">The key of the item at a position this table was given.</param>
    public KeyTable(int capacity, Func<int, string> keyOf)
    {
        this.keyOf = keyOf;
        slots = new int[SlotsFor(capacity)];
    }

    public int Count { get; private set; }

    /// <summary>The position of the item with this key, or −1.</summary>
    public int Find(ReadOnlySpan<char> key)
    {
        var mask = slots.Length - 1;
        for (var slot = string.GetHashCode(key) & mask; slots[slot] != 0; slot = (slot + 1) & mask)
        {
            var position = slots[slot] - 1;
            if (key.SequenceEqual(keyOf(position)))
            {
                return position;
            }
        }

        return -1;
    }

    /// <summary>Adds the item at <paramref name="position"/> under <paramref name="key"/>, unless an item has that key already: then returns that item's position (else −1).</summary>
    public int AddOrFind(string key, int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        if (Find(key) is var held and >= 0)
        {
            return held;
        }

        if ((Count + 1) * MostPerSlots > slots.Length)
        {
            Grow();
        }

        Place(slots, key, position);
        Count++;
        return -1;
    }

    private static int SlotsFor(int keys) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keys * MostPerSlots));

    private static void Place(int[] slots, string key, int position)
    {
        var mask = slots.Length - 1;
        var slot = string.GetHashCode(key) & mask;
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = position + 1;
    }

    private void Grow()
    {
        var larger = new int[slots.Length * 2];
        foreach (var held in slots)
        {
            if (held != 0)
            {
                Place(larger, keyOf(held - 1), held - 1);
            }
        }

        slots = larger;
    }
}
