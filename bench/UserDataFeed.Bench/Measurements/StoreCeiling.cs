using System.Diagnostics;
using Azure.Data.Tables;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Bench.Generator;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// The store's own limit on this machine: entities built before the clock starts, written in transactions
/// of 100 on one partition with as many in flight as the product's default, then (unless told not to) read
/// back in one partition query.
/// </summary>
public static class StoreCeiling
{
    public const int ProductParallelism = 8;

    public static async Task<(Measurement Write, PagedRead? Read)> RunAsync(TableClient table, IReadOnlyList<HrPerson> people, bool read, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken);
        const string partition = "ceiling";
        var batches = people
            .Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, UserEntityShape.From(partition, p)))
            .Chunk(UserStore.MaxBatch)
            .ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = ProductParallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        var write = new Measurement(people.Count, clock.Elapsed.TotalSeconds);
        return (write, read ? await ReadBackAsync(table, partition, cancellationToken) : null);
    }

    private static async Task<PagedRead> ReadBackAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var read = 0;
        var pages = new List<double>();
        var page = Stopwatch.StartNew();
        var query = table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", maxPerPage: 1000, cancellationToken: cancellationToken);
        await foreach (var values in query.AsPages())
        {
            read += values.Values.Count;
            pages.Add(page.Elapsed.TotalSeconds);
            page.Restart();
        }

        return new PagedRead(read, clock.Elapsed.TotalSeconds, pages.Count, pages.FirstOrDefault(), pages.LastOrDefault());
    }
}
