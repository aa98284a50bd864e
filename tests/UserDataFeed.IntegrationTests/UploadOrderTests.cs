using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>The order the poller claims uploads in: by upload time, then by key within the same second.</summary>
public sealed class UploadOrderTests
{
    private static readonly DateTimeOffset Second = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_older_upload_goes_first_whatever_its_key()
    {
        var newer = new FeedObject("0-second.csv", "b", 1, Second.AddSeconds(1));
        var older = new FeedObject("1-first.csv", "a", 1, Second);

        Assert.Equal([older, newer], FeedObject.InUploadOrder([newer, older]));
    }

    [Fact]
    public void Uploads_of_the_same_second_go_in_the_order_of_their_keys()
    {
        var day2 = new FeedObject("day-2.csv", "b", 1, Second);
        var day1 = new FeedObject("day-1.csv", "a", 1, Second);

        Assert.Equal([day1, day2], FeedObject.InUploadOrder([day2, day1]));
    }
}
