using UserDataFeed.Bench.Scenarios;

namespace UserDataFeed.Bench;

/// <summary>Options of the <c>bench</c> command.</summary>
public sealed record BenchOptions(
    IReadOnlyList<int> Sizes, IReadOnlyList<string> Scenarios, bool Ceiling, bool CeilingRead, int NaiveRows, int Seed, string StoresEnv, string OutputDirectory, bool Profile)
{
    public const string Usage = """
        bench [--rows 10000,100000] [--large] [--scenarios S1,S2,S3,S4] [--no-ceiling | --no-ceiling-read] [--naive-rows 10000]
              [--seed 20250105] [--stores-env .bench-stores/stores.env] [--out bench-results] [--no-profile]
          --rows        sizes to run the ceiling and scenarios S1–S4 at (comma-separated)
          --large       also run 1,000,000 rows
          --scenarios   which scenarios to run, in order; each assumes the ones before it ran (S1 first); R1 and R3 are S1 and S3 with groups and an end-date column mapped, on a tenant of their own (R1 first); B1 creates the size's users through SCIM Bulk on a tenant of its own
          --no-ceiling  skip the ceiling (its full read grows faster than linearly on Azurite)
          --no-ceiling-read  measure the ceiling's write only (what S1 is judged against), not its full read
          --naive-rows  rows the naive baseline imports (it is sequential, so it is capped)
          --no-profile  skip the separately timed full read of users and in-memory plan after S2–S4
        Run it through scripts/bench.sh, which starts and stops the stores.
        """;

    public static BenchOptions Parse(CommandLine line)
    {
        var sizes = (line.Numbers("--rows") ?? [10_000, 100_000]).ToList();
        if (line.Flag("--large") && !sizes.Contains(1_000_000))
        {
            sizes.Add(1_000_000);
        }

        return new BenchOptions(
            sizes,
            line.Value("--scenarios") is { } ids ? [.. ids.Split(',').Select(id => Scenario.Find(id).Id)] : [.. Scenario.All.Select(s => s.Id)],
            !line.Flag("--no-ceiling"),
            !line.Flag("--no-ceiling-read"),
            line.Number("--naive-rows") ?? 10_000,
            line.Number("--seed") ?? 20250105,
            line.Value("--stores-env") ?? Environment.GetEnvironmentVariable("UDF_STORES_ENV") ?? ".bench-stores/stores.env",
            line.Value("--out") ?? "bench-results",
            !line.Flag("--no-profile"));
    }
}
