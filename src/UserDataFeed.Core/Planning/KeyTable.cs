using System.Numerics;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// Finds items by a string key that the items hold themselves (a file's rows, a digest's users): it keeps only their
/// positions, 4 bytes a slot in one open-addressing array, and reads each key through <c>keyOf</c>. A
/// <see cref="Dictionary{TKey, TValue}"/> of a million keys would hold a 24-byte entry and a bucket for each, beside the
/// items that already hold the same keys. Ordinal keys, hashed with the runtime's randomised string hash.
/// </summary>
/// <remarks>
/// A slot's low bits (those that index the slots) hold the position + 1; its high bits hold the same high bits of the
/// key's hash, so a probe that meets another key's slot almost never reads that key (a read that would miss the
/// processor's cache), as a dictionary's stored hash codes spare it.
/// </remarks>
internal sealed class KeyTable
{
    /// <summary>The slots are at most half full, so a look-up probes few.</summary>
    private const int MostPerSlots = 2;

    private readonly Func<int, string> keyOf;

    /// <summary>Each slot: the key's hash above <see cref="mask"/> | the item's position + 1; 0 when free.</summary>
    private uint[] slots;

    private uint mask;

    /// <param name="capacity">The keys expected: the slots are sized for them once (more grow the table).</param>
    /// <param name="keyOf">The key of the item at a position this table was given.</param>
    public KeyTable(int capacity, Func<int, string> keyOf)
    {
        this.keyOf = keyOf;
        slots = new uint[SlotsFor(capacity)];
        mask = (uint)slots.Length - 1;
    }

    public int Count { get; private set; }

    /// <summary>The position of the item with this key, or −1.</summary>
    public int Find(ReadOnlySpan<char> key)
    {
        var hash = (uint)string.GetHashCode(key);
        var tag = hash & ~mask;
        for (var slot = hash & mask; slots[slot] is var held and not 0; slot = (slot + 1) & mask)
        {
            if ((held & ~mask) == tag && key.SequenceEqual(keyOf((int)(held & mask) - 1)))
            {
                return (int)(held & mask) - 1;
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

        // A position must fit below the index bits, beside the hash's bits.
        while ((Count + 1) * MostPerSlots > slots.Length || (uint)position + 1 > mask)
        {
            Grow();
        }

        Place(slots, mask, (uint)string.GetHashCode(key), position);
        Count++;
        return -1;
    }

    private static int SlotsFor(int keys) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, keys * MostPerSlots));

    private static void Place(uint[] slots, uint mask, uint hash, int position)
    {
        var slot = hash & mask;
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = (hash & ~mask) | ((uint)position + 1);
    }

    private void Grow()
    {
        var larger = new uint[slots.Length * 2];
        var largerMask = (uint)larger.Length - 1;
        foreach (var held in slots)
        {
            if (held != 0)
            {
                var position = (int)(held & mask) - 1;
                Place(larger, largerMask, (uint)string.GetHashCode(keyOf(position)), position);
            }
        }

        slots = larger;
        mask = largerMask;
    }
}
