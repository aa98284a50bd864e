using UserDataFeed.Core.Planning;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>What a scenario child measured. Seconds = from the poll request until the import's record is final (a worker runs it after the poll answers).</summary>
public sealed record ScenarioResult(
    string Scenario,
    int Rows,
    double Seconds,
    long PeakRssBytes,
    bool PeakIncludesSetup,
    bool ServerGc,
    string ImportStatus,
    ImportCounts Counts,
    IReadOnlyList<TrafficLine> Traffic,
    ScenarioProfile? Profile)
{
    /// <summary>Runs that went on where one stopped at its work budget.</summary>
    public int Continuations { get; init; }
}

/// <summary>Outgoing HTTP requests during the poll, to one store.</summary>
public sealed record TrafficLine(string Target, int Requests, double SummedSeconds);

/// <summary>
/// Parts of the product path timed on their own after the import (so they do not disturb it): the full read of
/// the tenant's users (the runner's fallback when its digest is not current), and reading + planning the same
/// file in memory against those records.
/// </summary>
public sealed record ScenarioProfile(int UsersRead, double LoadAllUsersSeconds, double ReadAndPlanSeconds);
