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

        var list = items.ToList();

        Assert.Equal(count, items.Count);
        Assert.Equal(Enumerable.Range(0, count), list);
        Assert.Equal(count, list.Capacity);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(i, items[i]));
    }
}
