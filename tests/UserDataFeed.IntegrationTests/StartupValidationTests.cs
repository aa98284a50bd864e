using Microsoft.Extensions.Options;

namespace UserDataFeed.IntegrationTests;

public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Tables:ConnectionString", "Tables:ConnectionString is required")]
    [InlineData("S3:ServiceUrl", "S3:ServiceUrl is required")]
    [InlineData("Auth:OperatorKey", "Auth:OperatorKey is required")]
    [InlineData("S3:Rgw:AdminAccessKey", "S3:Rgw:AdminAccessKey and S3:Rgw:AdminSecretKey are required")]
    public async Task Missing_setting_fails_start_up_with_a_clear_message(string setting, string message)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestService.StartAsync(s => s.Remove(setting)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_size_over_the_table_storage_limit_fails_start_up()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestService.StartAsync(s => s["Feed:BatchSize"] = "101"));

        Assert.Contains("Feed:BatchSize must be between 1 and 100", ex.Message, StringComparison.Ordinal);
    }
}
