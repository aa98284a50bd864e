namespace UserDataFeed.Core.Planning;

/// <summary>What planning a file against users gives: a plan, the records it needs first, or the file refused as a whole.</summary>
public abstract record PlanOutcome
{
    private PlanOutcome()
    {
    }

    public sealed record Planned(ImportPlan Plan) : PlanOutcome;

    /// <summary>
    /// The users the file changes in a way their summaries cannot stand in for (see <c>PlanRun.CanPatch</c>):
    /// plan again with these records read. Email keys, each once.
    /// </summary>
    public sealed record NeedsRecords(IReadOnlyList<string> EmailKeys) : PlanOutcome;

    /// <summary>The file cannot be imported at all (unreadable, a mapped column missing): nothing is applied.</summary>
    public sealed record Rejected(string Reason) : PlanOutcome;
}
