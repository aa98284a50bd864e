namespace UserDataFeed.Bench.Scenarios;

/// <summary>A scenario of issue 5, run in this order on one tenant per size.</summary>
public sealed record Scenario(string Id, string Title)
{
    public static readonly Scenario InitialImport = new("S1", "initial import into an empty tenant");
    public static readonly Scenario Reordered = new("S2", "same users, rows in another order (nothing changed)");
    public static readonly Scenario Churn = new("S3", "1% churn (0.6% changed, 0.2% new, 0.2% removed)");
    public static readonly Scenario RowErrors = new("S4", "10% row errors (blank names, invalid status)");

    public static readonly IReadOnlyList<Scenario> All = [InitialImport, Reordered, Churn, RowErrors];

    public static Scenario Find(string id) =>
        All.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown scenario '{id}'; known: {string.Join(", ", All.Select(s => s.Id))}.", nameof(id));
}
