using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>An import is tried again after a store fault only; a bug fails it at once, with a reason that holds no value.</summary>
public sealed class StoreFaultTests
{
    private const string File = "Email,First,Last\r\nann@bug.example,Ann,Lee\r\nbob@bug.example,Bob,Ray\r\n";

    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    [Fact]
    public async Task Exception_that_is_no_store_fault_fails_the_import_at_once_and_it_is_not_retried()
    {
        var captured = new CapturedTelemetry();
        var (service, tenant, handler) = await StartFailingAsync("buggy", FailingUserBatchHandler.Kind.Bug, captured);
        await using var _ = service;

        var record = await tenant.ImportAsync(File);

        Assert.Equal(1, handler.Failed); // the first batch of users: tried once, not again by the client or the worker
        Assert.Equal(("failed", false, 1), (record.Str("status"), record.GetProperty("retryPending").GetBoolean(), record.GetProperty("attempts").GetInt32()));
        Assert.Equal(
            "The import stopped on an unexpected error (InvalidOperationException); it was not applied further and is not retried. See the service logs.",
            record.Str("reason"));
        CapturedTelemetry.Flush(service.App.Services);
        Assert.Contains(captured.Logs.Snapshot(), l => l.LogLevel == Microsoft.Extensions.Logging.LogLevel.Error // the logs the reason points to: the exception's type
            && CapturedTelemetry.Attribute(l, "ImportId") == record.Str("importId") && CapturedTelemetry.Attribute(l, "ExceptionType") == typeof(InvalidOperationException).FullName);
        Assert.DoesNotContain(captured.AllText(), t => t.Contains("secret-cell", StringComparison.Ordinal));
        Assert.Contains("\"failed\"", await tenant.ReadAsTenantAsync(BucketLayout.ResultKey(record.Str("importId"))), StringComparison.Ordinal); // a result, as every file leaves
        var failed = await service.ServiceS3().ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = BucketLayout.Failed });
        Assert.Equal(BucketLayout.FailedKey(record.Str("importId"), record.Str("fileKey")), Assert.Single(failed.S3Objects).Key);

        handler.Failure = null;
        Assert.Empty(await tenant.Admin.PollAsync("buggy")); // nothing waits to be tried again
        var after = await tenant.Admin.GetJsonAsync($"/api/tenants/buggy/feed/imports/{record.Str("importId")}");
        Assert.Equal(("failed", 1), (after.Str("status"), after.GetProperty("attempts").GetInt32()));
        Assert.Empty(await tenant.UsersAsync());
    }

    [Fact]
    public async Task Store_that_stays_unavailable_fails_the_attempt_for_a_retry_which_completes_the_import()
    {
        var (service, tenant, handler) = await StartFailingAsync("flaky", FailingUserBatchHandler.Kind.Unavailable);
        await using var _ = service;
        await tenant.S3.UploadAsync(tenant.Bucket, "exports/hr.csv", File);
        var importId = Assert.Single(await tenant.Admin.QueuePollAsync("flaky"));

        var faulted = await RecordOnceAsync(tenant, importId, r => r.Str("status") == "failed");
        handler.Failure = null;

        Assert.True(handler.Failed > StoreClients.MaxRetries, $"{handler.Failed} batches failed");
        Assert.Equal((true, 1), (faulted.GetProperty("retryPending").GetBoolean(), faulted.GetProperty("attempts").GetInt32()));
        Assert.Equal("A storage fault stopped attempt 1; it is resumed shortly.", faulted.Str("reason"));
        var record = await tenant.Admin.WaitForImportAsync("flaky", importId);
        Assert.Equal(("completed", 2, 2), (record.Str("status"), record.GetProperty("attempts").GetInt32(), record.Count("created")));
    }

    [Fact]
    public async Task Store_fault_part_way_through_the_writes_leaves_the_first_plan_to_the_retry_which_counts_as_one_run()
    {
        var handler = new FailingUserBatchHandler { PassFirst = 1 };
        await using var service = await TestService.StartAsync(
            s =>
            {
                s["Feed:BatchSize"] = "1"; // a transaction per user: the first is written, the second meets the fault
                s["Feed:MaxParallelBatches"] = "1";
            },
            s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, handler));
        var tenant = await FeedTenant.CreateAsync(service, "partway", Mapping);
        handler.UsersTable = service.TablePrefix + "Users";
        handler.Failure = FailingUserBatchHandler.Kind.Unavailable;
        await tenant.S3.UploadAsync(tenant.Bucket, "exports/hr.csv", File);
        var importId = Assert.Single(await tenant.Admin.QueuePollAsync("partway"));

        var faulted = await RecordOnceAsync(tenant, importId, r => r.Str("status") == "failed");
        handler.Failure = null;

        Assert.True(faulted.GetProperty("retryPending").GetBoolean());
        Assert.Single(await tenant.UsersAsync()); // really stopped part-way
        var record = await tenant.Admin.WaitForImportAsync("partway", importId);
        Assert.Equal(("completed", 2), (record.Str("status"), record.GetProperty("attempts").GetInt32()));
        Assert.Equal((2, 0), (record.Count("created"), record.Count("unchanged"))); // as one run, not the retry's view of the users as written
        Assert.Equal(2, (await tenant.UsersAsync()).Count);
    }

    [Theory]
    [InlineData(400, "PropertyValueTooLarge", false)]
    [InlineData(400, "EntityTooLarge", false)]
    [InlineData(413, "RequestBodyTooLarge", false)]
    [InlineData(403, "AuthorizationFailure", false)]
    [InlineData(404, "ResourceNotFound", true)]
    [InlineData(409, "EntityAlreadyExists", true)]
    [InlineData(412, "UpdateConditionNotSatisfied", true)]
    [InlineData(429, "TooManyRequests", true)]
    [InlineData(503, "ServerBusy", true)]
    public void A_store_answer_that_no_retry_changes_is_no_storage_fault(int status, string code, bool transient)
    {
        Assert.Equal(transient, Service.Import.StoreFaults.IsTransient(new Azure.RequestFailedException(status, "refused", code, null)));
    }

    private static async Task<System.Text.Json.JsonElement> RecordOnceAsync(FeedTenant tenant, string importId, Func<System.Text.Json.JsonElement, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var record = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/feed/imports/{importId}");
            if (done(record) || i == 1200)
            {
                return record;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A service whose writes to the users table fail as <paramref name="failure"/> says, and a tenant set up on it.</summary>
    private static async Task<(TestService Service, FeedTenant Tenant, FailingUserBatchHandler Handler)> StartFailingAsync(
        string tenantId, FailingUserBatchHandler.Kind failure, CapturedTelemetry? captured = null)
    {
        var handler = new FailingUserBatchHandler();
        var service = await TestService.StartAsync(services: s =>
        {
            captured?.AddTo(s);
            s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, handler);
        });
        var tenant = await FeedTenant.CreateAsync(service, tenantId, Mapping);
        handler.UsersTable = service.TablePrefix + "Users";
        handler.Failure = failure;
        return (service, tenant, handler);
    }
}
