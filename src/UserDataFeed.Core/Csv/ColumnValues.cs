namespace UserDataFeed.Core.Csv;

/// <summary>
/// Makes the strings of one mapped column, shared through the file's <see cref="ValuePool"/> while that
/// pays. A column whose values rarely repeat (emails, ids) stops using the pool once its first values show
/// it: looking up values that are never shared only costs time and fills the pool for nothing.
/// </summary>
internal sealed class ColumnValues(ValuePool pool)
{
    private const int Sample = 1024;

    private int seen;
    private int shared;
    private bool pooled = true;

    public string Get(ReadOnlySpan<char> value)
    {
        if (!pooled)
        {
            return value.IsEmpty ? string.Empty : new string(value);
        }

        var text = pool.Get(value, out var wasShared);
        shared += wasShared ? 1 : 0;
        if (++seen == Sample)
        {
            pooled = shared >= Sample / 32;
        }

        return text;
    }
}
