using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Service;
using UserDataFeed.Service.Import;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.IntegrationTests;

/// <summary>The pure rules of issue 16: the quarantine's count, the back-off, the URL rule and the signature.</summary>
public sealed class NotifyRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static ImportRecord Ended(string id, string status) =>
        new(id, "t", $"{id}.csv", "etag", status, status == ImportStatus.Failed ? "bad file" : null, Now, Now, ImportRecord.NoCounts);

    [Fact]
    public void Failures_in_a_row_pause_at_the_threshold_a_completed_file_resets_and_held_rejected_or_repeated_ones_change_nothing()
    {
        var state = FeedState.Running;
        state = FeedQuarantine.Next(state, Ended("a", ImportStatus.Failed), 3, Now);
        state = FeedQuarantine.Next(state, Ended("a", ImportStatus.Failed), 3, Now); // the same import again
        state = FeedQuarantine.Next(state, Ended("b", ImportStatus.Held), 3, Now);
        state = FeedQuarantine.Next(state, Ended("c", ImportStatus.Rejected), 3, Now);
        Assert.Equal((1, false), (state.ConsecutiveFailures, state.Paused));

        state = FeedQuarantine.Next(state, Ended("d", ImportStatus.CompletedWithErrors), 3, Now);
        Assert.Equal(0, state.ConsecutiveFailures);
        state = FeedQuarantine.Next(state, Ended("e", ImportStatus.Failed), 3, Now);
        state = FeedQuarantine.Next(state, Ended("f", ImportStatus.Failed) with { RetryPending = true }, 3, Now); // not final yet
        state = FeedQuarantine.Next(state, Ended("f", ImportStatus.Failed), 3, Now);
        Assert.False(state.Paused);
        state = FeedQuarantine.Next(state, Ended("g", ImportStatus.Failed), 3, Now);

        Assert.Equal((3, Now), (state.ConsecutiveFailures, state.PausedAt));
        Assert.Contains("g.csv", state.PauseReason, StringComparison.Ordinal);
        Assert.Contains("bad file", state.PauseReason, StringComparison.Ordinal);
        Assert.False(FeedQuarantine.Next(FeedState.Running with { ConsecutiveFailures = 50 }, Ended("h", ImportStatus.Failed), 0, Now).Paused); // 0: never
    }

    [Fact]
    public void Back_off_doubles_from_the_retry_delay_up_to_the_maximum()
    {
        var options = new WebhookOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(5) };

        Assert.Equal(
            [30, 60, 120, 240, 300, 300],
            Enumerable.Range(1, 6).Select(n => options.BackOff(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), options.BackOff(1000));
    }

    [Theory]
    [InlineData("https://hooks.example/udf", false, true)]
    [InlineData("https://127.0.0.1/udf", false, false)]
    [InlineData("http://127.0.0.1:8080/udf", true, true)]
    [InlineData("http://[::1]:8080/udf", true, true)]
    [InlineData("http://localhost:8080/udf", true, true)]
    [InlineData("http://127.0.0.1:8080/udf", false, false)]
    [InlineData("http://10.0.0.1/udf", true, false)]
    [InlineData("http://hooks.example/udf", true, false)]
    [InlineData("ftp://hooks.example/udf", true, false)]
    [InlineData("https://user:pw@hooks.example/udf", false, false)]
    [InlineData("https://hooks.example/udf#x", false, false)]
    [InlineData("/relative", false, false)]
    public void Webhook_urls_are_https_or_http_to_loopback_when_allowed(string url, bool allowHttpLoopback, bool allowed) =>
        Assert.Equal(allowed, WebhookRules.UrlProblem(url, allowHttpLoopback) is null);

    [Fact]
    public void Signature_is_hmac_sha256_of_the_timestamp_a_dot_and_the_body()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_764_655_200);
        var signature = WebhookRules.Signature("whsec_test", at, "{\"a\":1}");

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("whsec_test"u8, "1764655200.{\"a\":1}"u8));
        Assert.Equal($"t=1764655200,v1={expected}", signature);
        Assert.NotEqual(signature, WebhookRules.Signature("whsec_other", at, "{\"a\":1}"));
    }
}
