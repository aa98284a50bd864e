using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Bench.Micro;

/// <summary>Generated files in memory and the users a first import of them creates.</summary>
internal static class FeedFiles
{
    public const int Seed = 20250105;

    public static readonly FieldLayout Layout = new(new FeedMapping(HrColumns.Mapping()));

    public static readonly DateTimeOffset Now = new(2025, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static async Task<List<FeedRow>> ReadAllAsync(byte[] file)
    {
        using var reader = await FeedFileReader.OpenAsync(new MemoryStream(file), Layout, CancellationToken.None);
        return [.. reader.ReadRows()];
    }

    public static async Task<ImportPlan> PlanAsync(byte[] file, IReadOnlyList<UserRecord> population)
    {
        using var reader = await FeedFileReader.OpenAsync(new MemoryStream(file), Layout, CancellationToken.None);
        return ImportPlanner.Plan(reader.ReadRows(), Layout, population, HoldThreshold.Default, Now);
    }

    /// <summary>
    /// The tenant after importing <paramref name="people"/> into an empty one: its full records, and its
    /// digest (the summaries the runner plans against when the digest is current; no records).
    /// </summary>
    public static async Task<(List<UserRecord> Users, List<UserState> Digest)> FirstImportAsync(IReadOnlyList<HrPerson> people)
    {
        var plan = await PlanAsync(HrCsvWriter.ToBytes(people), []);
        return ([.. plan.Changes.Select(c => c.User)], [.. plan.Summaries.Select(s => new UserState(s, null))]);
    }
}
