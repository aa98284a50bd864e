using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Tests;

/// <summary>The key table that finds a file's rows and a digest's users by email key, holding only their positions.</summary>
public sealed class KeyTableTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 10_000)]
    [InlineData(8, 9)]
    [InlineData(10_000, 10_000)]
    public void Every_key_added_is_found_at_its_position_however_far_the_table_grew(int capacity, int count)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"user{i}@example.com").ToArray();
        var table = new KeyTable(capacity, position => keys[position]);

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(-1, table.AddOrFind(keys[i], i));
        }

        Assert.Equal(count, table.Count);
        Assert.All(Enumerable.Range(0, count), i => Assert.Equal(i, table.Find(new string(keys[i].AsSpan())))); // another instance of the same key
        Assert.Equal(-1, table.Find("nobody@example.com"));
        Assert.Equal(-1, table.Find($"user{count}@example.com"));
    }

    [Fact]
    public void Keys_that_share_a_slot_are_told_apart()
    {
        // Sixteen slots take at most eight keys: with 8 keys some land on the same slot and are probed past.
        var keys = new[] { "a", "b", "c", "d", "e", "f", "g", "h" };
        var table = new KeyTable(0, position => keys[position]);
        for (var i = 0; i < keys.Length; i++)
        {
            table.AddOrFind(keys[i], i);
        }

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], keys.Select(k => table.Find(k)));
        Assert.Equal(-1, table.Find("i"));
        Assert.Equal(-1, table.Find(""));
    }

    [Fact]
    public void A_repeated_key_is_not_added_and_gives_the_first_position()
    {
        var keys = new[] { "ann@example.com", "bob@example.com", "ann@example.com" };
        var table = new KeyTable(3, position => keys[position]);

        Assert.Equal(-1, table.AddOrFind(keys[0], 0));
        Assert.Equal(-1, table.AddOrFind(keys[1], 1));
        Assert.Equal(0, table.AddOrFind(keys[2], 2));

        Assert.Equal(2, table.Count);
        Assert.Equal(0, table.Find("ann@example.com"));
    }

    [Fact]
    public void Keys_are_ordinal()
    {
        var keys = new[] { "ann@example.com", "zoë@example.com" };
        var table = new KeyTable(2, position => keys[position]);
        table.AddOrFind(keys[0], 0);
        table.AddOrFind(keys[1], 1);

        Assert.Equal(-1, table.Find("Ann@example.com"));
        Assert.Equal(-1, table.Find("zoe\u0308@example.com")); // the same letter, decomposed
        Assert.Equal(1, table.Find("zoë@example.com"));
    }

    [Fact]
    public void A_position_far_past_the_keys_held_is_found()
    {
        // A file's rows are added by their row's position, and rows with a repeated or no key are skipped: few keys, far positions.
        var keys = new Dictionary<int, string> { [3] = "ann@example.com", [70_000] = "bob@example.com", [5_000_000] = "cy@example.com" };
        var table = new KeyTable(0, position => keys[position]);
        foreach (var (position, key) in keys)
        {
            Assert.Equal(-1, table.AddOrFind(key, position));
        }

        Assert.All(keys, k => Assert.Equal(k.Key, table.Find(k.Value)));
        Assert.Equal(-1, table.Find("dee@example.com"));
    }
}
