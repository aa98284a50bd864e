using System.Diagnostics;
using Azure.Data.Tables;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Bench.Generator;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// What a straightforward importer does: for each row, in order, one point read of the user and one upsert.
/// Sequential, into an empty partition. It gets its rows already parsed, so only its storage pattern is charged.
/// </summary>
public static class NaiveImporter
{
    public static async Task<Measurement> RunAsync(TableClient table, IReadOnlyList<HrPerson> people, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken);
        const string partition = "naive";
        var clock = Stopwatch.StartNew();
        foreach (var person in people)
        {
            var entity = UserEntityShape.From(partition, person);
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, entity.RowKey, cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                entity[UserProperties.UserId] = existing.Value![UserProperties.UserId];
            }

            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }

        return new Measurement(people.Count, clock.Elapsed.TotalSeconds);
    }
}
