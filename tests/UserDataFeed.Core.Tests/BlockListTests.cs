using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Tests;

public sealed class BlockListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(1025)]
    [InlineData(5000)]
    public void Items_keep_their_order_across_blocks(int count)
    {
        var items = new BlockList<int>();
        for (var i = 0; i < count; i++)
        {
            items.Add(i);
        }

        Assert.Equal(count, items.Count);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(i, items[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => items[count]);
    }

    [Fact]
    public void An_item_is_changed_in_place()
    {
        var items = new BlockList<int>();
        items.Add(1);
        items.Add(2);

        items[1] += 40;

        Assert.Equal((1, 42), (items[0], items[1]));
    }
}
