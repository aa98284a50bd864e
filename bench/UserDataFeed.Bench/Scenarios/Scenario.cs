namespace UserDataFeed.Bench.Scenarios;

/// <summary>A scenario of the bench (docs/performance.md), run in this order on one tenant per size.</summary>
public sealed record Scenario(string Id, string Title)
{
    public static readonly Scenario InitialImport = new("S1", "initial import into an empty tenant");
    public static readonly Scenario Reordered = new("S2", "same users, rows in another order (nothing changed)");
    public static readonly Scenario Churn = new("S3", "1% churn (0.6% changed, 0.2% new, 0.2% removed)");
    public static readonly Scenario RowErrors = new("S4", "10% row errors (blank names, invalid status)");

    /// <summary>The variant of S1 and S3 with the groups and end-date columns mapped, on a tenant of its own (issue 15).</summary>
    public static readonly Scenario RichInitialImport = new("R1", "S1 with groups (1–3 a user) and an end-date column") { Rich = true };
    public static readonly Scenario RichChurn = new("R3", "S3 with groups and an end-date column") { Rich = true };

    /// <summary>S1–S3 on a tenant that keeps no user history (<c>historyRetentionDays</c> 0), with S1–S3's files (issue 16).</summary>
    public static readonly Scenario InitialImportNoHistory = new("N1", "S1 with no user history kept") { NoHistory = true, FileOf = "S1" };
    public static readonly Scenario ReorderedNoHistory = new("N2", "S2 with no user history kept") { NoHistory = true, FileOf = "S2" };
    public static readonly Scenario ChurnNoHistory = new("N3", "S3 with no user history kept") { NoHistory = true, FileOf = "S3" };

    /// <summary>S3's file on N1's tenant once it keeps history: S3 with history, without S1's cost of a history kept from the start.</summary>
    public static readonly Scenario ChurnHistoryTurnedOn = new("K3", "S3 with history turned on after N1") { NoHistory = true, FileOf = "S3", TurnsHistoryOn = true };

    /// <summary>The size's users created through SCIM Bulk on a tenant of its own (issue 27, <see cref="ScimBulkScenario"/>).</summary>
    public static readonly Scenario ScimBulkCreate = new("B1", "users created through SCIM Bulk (50 a request, 8 clients)") { Scim = true, FileOf = "S1" };

    /// <summary>What a bench runs unless told otherwise.</summary>
    public static readonly IReadOnlyList<Scenario> All = [InitialImport, Reordered, Churn, RowErrors];

    private static readonly IReadOnlyList<Scenario> Known = [.. All, ScimBulkCreate, RichInitialImport, RichChurn, InitialImportNoHistory, ReorderedNoHistory, ChurnNoHistory, ChurnHistoryTurnedOn];

    /// <summary>Its file has the groups and end-date columns, mapped, and it runs on the size's second tenant.</summary>
    public bool Rich { get; init; }

    /// <summary>Its tenant keeps no history of its users, and it runs on the size's third tenant.</summary>
    public bool NoHistory { get; init; }

    /// <summary>It writes through SCIM, not a file, on the size's SCIM tenant.</summary>
    public bool Scim { get; init; }

    /// <summary>It sets its tenant to keep history (the default 400 days) before its file.</summary>
    public bool TurnsHistoryOn { get; init; }

    /// <summary>The scenario whose file it imports (null: its own).</summary>
    public string? FileOf { get; init; }

    public string FileId => FileOf ?? Id;

    /// <summary>The first scenario of its tenant: it onboards it.</summary>
    public bool Onboards => this == InitialImport || this == RichInitialImport || this == InitialImportNoHistory;

    public static Scenario Find(string id) =>
        Known.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown scenario '{id}'; known: {string.Join(", ", Known.Select(s => s.Id))}.", nameof(id));
}
