namespace UserDataFeed.Bench.Scenarios;

/// <summary>A scenario of issue 5, run in this order on one tenant per size.</summary>
public sealed record Scenario(string Id, string Title)
{
    public static readonly Scenario InitialImport = new("S1", "initial import into an empty tenant");
    public static readonly Scenario Reordered = new("S2", "same users, rows in another order (nothing changed)");
    public static readonly Scenario Churn = new("S3", "1% churn (0.6% changed, 0.2% new, 0.2% removed)");
    public static readonly Scenario RowErrors = new("S4", "10% row errors (blank names, invalid status)");

    /// <summary>The variant of S1 and S3 with the groups and end-date columns mapped, on a tenant of its own (issue 15).</summary>
    public static readonly Scenario RichInitialImport = new("R1", "S1 with groups (1–3 a user) and an end-date column") { Rich = true };
    public static readonly Scenario RichChurn = new("R3", "S3 with groups and an end-date column") { Rich = true };

    /// <summary>What a bench runs unless told otherwise.</summary>
    public static readonly IReadOnlyList<Scenario> All = [InitialImport, Reordered, Churn, RowErrors];

    private static readonly IReadOnlyList<Scenario> Known = [.. All, RichInitialImport, RichChurn];

    /// <summary>Its file has the groups and end-date columns, mapped, and it runs on the size's second tenant.</summary>
    public bool Rich { get; init; }

    /// <summary>The first scenario of its tenant: it onboards it.</summary>
    public bool Onboards => this == InitialImport || this == RichInitialImport;

    public static Scenario Find(string id) =>
        Known.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown scenario '{id}'; known: {string.Join(", ", Known.Select(s => s.Id))}.", nameof(id));
}
