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

    /// <summary>The shared instance of <paramref name="value"/>, or a new string; <paramref name="shared"/> says which.</summary>
    public string Get(ReadOnlySpan<char> value, out bool shared)
    {
        shared = false;
        if (value.IsEmpty)
        {
            shared = true;
            return string.Empty;
        }

        if (value.Length > MaxLength)
        {
            return new string(value);
        }

        if (values.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var pooled))
        {
            shared = true;
            return pooled;
        }

        var created = new string(value);
        if (values.Count < capacity)
        {
            values.Add(created);
        }

        return created;
    }
}
