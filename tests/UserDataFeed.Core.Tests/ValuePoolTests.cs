using UserDataFeed.Core.Csv;

namespace UserDataFeed.Core.Tests;

public sealed class ValuePoolTests
{
    [Fact]
    public void Repeats_of_a_short_value_share_one_instance()
    {
        var pool = new ValuePool();

        var first = pool.Get("Sales".AsSpan());
        var again = pool.Get("Sales".ToCharArray());

        Assert.Equal("Sales", again);
        Assert.Same(first, again);
        Assert.Same(string.Empty, pool.Get([]));
    }

    [Fact]
    public void Long_values_and_values_of_a_column_that_never_repeats_are_not_shared()
    {
        var pool = new ValuePool();
        var longValue = new string('x', ValuePool.MaxLength + 1);
        Assert.NotSame(pool.Get(longValue.AsSpan()), pool.Get(longValue.AsSpan()));

        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal($"u{i}@example.com", pool.Get($"u{i}@example.com".AsSpan()));
        }

        Assert.NotSame(pool.Get("Sales".AsSpan()), pool.Get("Sales".AsSpan()));
    }
}
