using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;

namespace UserDataFeed.IntegrationTests;

public sealed class WriteProgressTests
{
    [Fact]
    public async Task A_progress_save_the_store_is_slow_to_answer_does_not_hold_up_the_writes()
    {
        var clock = new SteppedClock();
        var hold = new ProgressSaveHold(clock, transactions: 6);
        await using var service = await TestService.StartAsync(
            s =>
            {
                s["Feed:MaxParallelBatches"] = "1"; // one transaction at a time: a slot waiting on the save would stop them all
                s["Feed:BatchSize"] = "10"; // 60 users: 6 transactions
            },
            s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, hold);
            });
        var tenant = await FeedTenant.CreateAsync(service, "progress");

        var import = tenant.ImportAsync(HrFile.Users("progress.example", 60));
        try
        {
            await hold.Holding;
            // Every transaction is answered while the record's progress save is still held (a guard, not a duration).
            await hold.AllAnswered.WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            hold.Release();
        }

        var record = await import;
        Assert.Equal("completed", record.Str("status"));
        Assert.Equal(60, record.Count("created"));
        Assert.Equal(60, record.GetProperty("progress").GetProperty("applied").GetInt32());
        Assert.Equal(60, (await tenant.UsersAsync()).Count);
    }
}
