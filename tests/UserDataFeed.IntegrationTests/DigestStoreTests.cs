using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.IntegrationTests;

/// <summary>The user digest on real Azurite: saved in several chunks, read back whole, and a new one replaces the old.</summary>
public sealed class DigestStoreTests
{
    private const string Tenant = "digest-tenant";

    /// <summary>A digest store on tables of its own, created as a host's start-up creates them (TableCreation); and its digests table.</summary>
    private static async Task<(DigestStore Store, TableClient Digests)> NewStoreAsync()
    {
        var prefix = "dg" + Guid.NewGuid().ToString("N")[..12];
        var service = new TableServiceClient(LocalStores.TablesConnectionString);
        var tables = new TableSet(service, Options.Create(new TableStorageOptions { ConnectionString = LocalStores.TablesConnectionString, Prefix = prefix }));
        await tables.EnsureCreatedAsync(CancellationToken.None);
        return (new DigestStore(tables), service.GetTableClient(prefix + "Digests"));
    }

    [Fact]
    public async Task A_new_digest_replaces_the_old_chunks_and_is_read_back_whole()
    {
        var (store, digests) = await NewStoreAsync();
        var first = Users(60_000, seed: 1);
        var second = Users(70_000, seed: 2);

        await store.SaveAsync(Tenant, first, await store.BumpVersionAsync(Tenant, CancellationToken.None), CancellationToken.None);
        await store.SaveAsync(Tenant, second, await store.BumpVersionAsync(Tenant, CancellationToken.None), CancellationToken.None);

        var loaded = await store.LoadAsync(Tenant, CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal(second, UserDigest.Deserialize(loaded.Bytes));
        var head = (await digests.GetEntityAsync<TableEntity>(Tenant, "head")).Value;
        var chunkRows = new List<string>();
        await foreach (var row in digests.QueryAsync<TableEntity>($"PartitionKey eq '{Tenant}'", select: ["RowKey"]))
        {
            if (row.RowKey.StartsWith("chunk|", StringComparison.Ordinal))
            {
                chunkRows.Add(row.RowKey);
            }
        }

        Assert.True(head.GetInt32("Chunks") > 1, "the digest should span several chunks for this test to read more than one page");
        Assert.Equal(head.GetInt32("Chunks"), chunkRows.Count);
        Assert.All(chunkRows, r => Assert.StartsWith($"chunk|{head.GetString("Stamp")}|", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_digest_of_more_chunks_than_are_sent_at_once_is_read_back_whole()
    {
        var (store, digests) = await NewStoreAsync();
        var users = Users(300_000, seed: 3);

        await store.SaveAsync(Tenant, users, await store.BumpVersionAsync(Tenant, CancellationToken.None), CancellationToken.None);

        var loaded = await store.LoadAsync(Tenant, CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal(users, UserDigest.Deserialize(loaded.Bytes));
        var head = (await digests.GetEntityAsync<TableEntity>(Tenant, "head")).Value;
        Assert.True(head.GetInt32("Chunks") > 8, "the digest should span more chunks than are uploaded at once");
    }

    /// <summary>Summaries whose hashes do not compress, so the digest is large enough for several chunks.</summary>
    private static List<UserSummary> Users(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new UserSummary($"user{i}@example.com", i % 3 == 0 ? $"E{i}" : null, true, i % 10 != 0, i % 7 == 0, (ulong)random.NextInt64()))];
    }
}
