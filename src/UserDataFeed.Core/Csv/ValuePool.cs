namespace UserDataFeed.Core.Csv;

/// <summary>
/// Hands out one string instance per distinct short cell value, so the many repeats in an HR export
/// (statuses, roles, departments, managers) cost memory once. Bounded: once full it only shares what it has.
/// </summary>
internal sealed class ValuePool(int capacity = ValuePool.DefaultCapacity)
{
    public const int DefaultCapacity = 20_000;
    public const int MaxLength = 32;

    private readonly HashSet<string> values = new(StringComparer.Ordinal);

    public string Get(char[] buffer, int offset, int length)
    {
        if (length == 0)
        {
            return string.Empty;
        }

        if (length > MaxLength)
        {
            return new string(buffer, offset, length);
        }

        var lookup = values.GetAlternateLookup<ReadOnlySpan<char>>();
        var span = buffer.AsSpan(offset, length);
        if (lookup.TryGetValue(span, out var pooled))
        {
            return pooled;
        }

        var value = new string(span);
        if (values.Count < capacity)
        {
            values.Add(value);
        }

        return value;
    }
}
