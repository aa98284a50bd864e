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

    /// <summary>Reads, maps and plans a file the way the runner does: the planner reads the file again for what it does not keep.</summary>
    public static ImportPlan Plan(byte[] file, IUserIndex users) =>
        Planned(ImportPlanner.Plan(ImportPlanner.Prepare(FeedRows.FromFile(new MemoryStream(file), Layout), Layout), users, HoldThreshold.Default, Now));

    public static ImportPlan Planned(PlanOutcome outcome) =>
        outcome is PlanOutcome.Planned { Plan: var plan } ? plan : throw new InvalidOperationException($"Expected a plan, got {outcome}.");

    /// <summary>
    /// The tenant after importing <paramref name="people"/> into an empty one: its full records, and its
    /// digest (the summaries the runner plans against when the digest is current; a benchmark indexes them as it plans,
    /// as the runner does).
    /// </summary>
    public static (List<UserRecord> Users, List<UserSummary> Digest) FirstImport(IReadOnlyList<HrPerson> people)
    {
        var plan = Plan(HrCsvWriter.ToBytes(people), FullRecords.None);
        return ([.. plan.Changes.Select(c => ((UserChange.Create)c).User)], [.. plan.Summaries]);
    }
}
