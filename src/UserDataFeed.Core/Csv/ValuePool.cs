namespace UserDataFeed.Core.Csv;

/// <summary>
/// Shares one string instance among the repeats of a column's short values (statuses, roles, departments,
/// names, a manager's reports listed together), so they cost memory once. A small direct-mapped cache, one
/// per column: a value takes the slot of its hash from whatever held it, so a look-up is one hash and one
/// comparison in memory that stays in the processor's cache. A column whose values rarely repeat (emails,
/// ids) stops looking once its first values show it.
/// </summary>
internal sealed class ValuePool
{
    public const int MaxLength = 32;

    private const int Slots = 1024;
    private const int Sample = 1024;

    private readonly string?[] slots = new string?[Slots];
    private int seen;
    private int shared;
    private bool pooling = true;

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        if (!pooling || value.Length > MaxLength)
        {
            return new string(value);
        }

        if (++seen == Sample)
        {
            pooling = shared >= Sample / 32;
        }

        ref var slot = ref slots[string.GetHashCode(value) & (Slots - 1)];
        if (slot is { } held && value.SequenceEqual(held))
        {
            shared++;
            return held;
        }

        return slot = new string(value);
    }
}
