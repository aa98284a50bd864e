using Microsoft.Extensions.Options;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.IntegrationTests;

public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Tables:ConnectionString", "Tables:ConnectionString or Tables:ServiceUri is required")]
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

    [Theory]
    [InlineData("RateLimits:PerTokenPermits", "0", "RateLimits:PerTokenPermits must be between 1 and 1000000")]
    [InlineData("RateLimits:PerTenantWindow", "00:00:00", "RateLimits:PerTenantWindow must be between 00:00:01 and 1.00:00:00")]
    public async Task A_rate_limit_out_of_range_fails_start_up(string setting, string value, string message)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestService.StartAsync(s => s[setting] = value));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_service_uri_that_is_no_uri_fails_start_up()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestService.StartAsync(s =>
        {
            s.Remove("Tables:ConnectionString");
            s["Tables:ServiceUri"] = "udfaccount.table.core.windows.net";
        }));

        Assert.Contains("Tables:ServiceUri must be an absolute http(s) URI", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_service_uri_is_used_with_the_credential_and_the_connection_string_otherwise()
    {
        var byIdentity = StoreClients.Tables(new TableStorageOptions { ServiceUri = "https://udfaccount.table.core.windows.net" });
        var byConnection = StoreClients.Tables(new TableStorageOptions { ConnectionString = LocalStores.TablesConnectionString });
        var both = StoreClients.Tables(new TableStorageOptions { ServiceUri = "https://udfaccount.table.core.windows.net", ConnectionString = LocalStores.TablesConnectionString });

        Assert.Equal(("udfaccount", "https://udfaccount.table.core.windows.net/"), (byIdentity.AccountName, byIdentity.Uri.ToString()));
        Assert.Equal("devstoreaccount1", byConnection.AccountName);
        Assert.Equal("udfaccount", both.AccountName);
        Assert.IsType<Azure.Identity.DefaultAzureCredential>(StoreClients.Credential);
    }
}
