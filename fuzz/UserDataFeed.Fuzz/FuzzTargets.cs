using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;
using static UserDataFeed.Fuzz.Fixtures;

namespace UserDataFeed.Fuzz;

/// <summary>
/// The fuzzed entry points of the core. Each takes a file's bytes, as IT would upload them. The property:
/// an <see cref="InvalidFeedFileException"/> (the documented refusal of a file as a whole) or nothing;
/// any other exception is a bug, and so is a call that does not end.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>
    /// The targets by name. Only lambdas: nothing of the instrumented core may run before SharpFuzz has set up
    /// its trace map, so the fixed mapping and users are made on the first input (<see cref="Fixtures"/>).
    /// </summary>
    public static Action<byte[]>? Named(string name) => name switch
    {
        "reader" => file => Reader(file),
        "preview" => file => Preview(file),
        "planner" => file => Planner(file),
        "all" => file => All(file),
        _ => null,
    };

    public static void All(byte[] file)
    {
        Reader(file);
        Preview(file);
        Planner(file);
    }

    /// <summary>The sniffer and the reader: open with a fixed mapping and read every row.</summary>
    public static void Reader(byte[] file)
    {
        Refused(() =>
        {
            using var reader = FeedFileReader.OpenAsync(new MemoryStream(file, writable: false), Layout, CancellationToken.None).GetAwaiter().GetResult();
            foreach (var row in reader.ReadRows())
            {
                Check(row.Values.Length == Layout.Columns.Count, "a row has another number of values than the layout");
            }
        });
        Refused(() =>
        {
            var sniff = CsvSniffer.SniffAsync(new MemoryStream(file, writable: false), CancellationToken.None).GetAwaiter().GetResult().Sniff;
            foreach (var separator in CsvSniffer.Separators)
            {
                _ = CsvSniffer.SplitHeader(sniff.HeaderLine, separator);
            }

            _ = CsvSniffer.CountSeparators(sniff.HeaderLine);
        });
    }

    /// <summary>The mapping preview of a sample file.</summary>
    public static void Preview(byte[] file) =>
        Refused(() =>
        {
            var preview = CsvPreview.ReadAsync(new MemoryStream(file, writable: false), CustomFields, CancellationToken.None).GetAwaiter().GetResult();
            Check(preview.SampleRows.Count <= CsvPreview.MaxSampleRows, "the preview has too many rows");
            Check(preview.SampleRows.All(r => r.Count == preview.Columns.Count), "a preview row has another number of cells than the header");
        });

    /// <summary>
    /// The planner as the runner uses it: prepare the file (read again as needed) and plan it against full
    /// records, then against the digest that plan leaves (merging, and asking for records), under both mappings.
    /// </summary>
    public static void Planner(byte[] file)
    {
        foreach (var layout in (FieldLayout[])[Layout, ByEmail])
        {
            Refused(() =>
            {
                var seekable = new MemoryStream(file, writable: false);
                var prepared = ImportPlanner.Prepare(FeedRows.FromFile(seekable, layout), layout);
                if (prepared.Rejection is not null)
                {
                    throw new InvalidFeedFileException(prepared.Rejection);
                }

                var plan = Enumerated(ImportPlanner.Plan(prepared, new FullRecords(Users), HoldThreshold.Default, Now));
                List<UserSummary> after = [.. plan.Summaries];

                // Again from the digest the first plan leaves, with no record read: the same file changes nothing
                // and needs no record (a poll that sees the file again writes nothing).
                var merging = ImportPlanner.Plan(prepared, new DigestUsers(after, unread: UnreadUsers.Merge), HoldThreshold.Never, Now);
                var reading = ImportPlanner.Plan(prepared, new DigestUsers(after), HoldThreshold.Default, Now);
                foreach (var (again, mode) in (ReadOnlySpan<(PlanOutcome, string)>)[(merging, "merging"), (reading, "reading")])
                {
                    var changes = again is PlanOutcome.Planned ? Enumerated(again).Changes : null;
                    Check(changes is { Count: 0 },
                        $"planned again ({mode}) against the digest it leaves, the file gives {again.GetType().Name} with "
                        + $"[{string.Join("; ", changes?.Select(c => $"{c.Kind} {c.Email}") ?? [])}] and asks for the record(s) of "
                        + $"[{string.Join("; ", (again as PlanOutcome.NeedsRecords)?.EmailKeys ?? [])}]");
                }

                // And from the users' own digest with some records read, as a run that read what a plan asked for.
                var before = Users.Select(u => UserSummary.From(u, 0)).ToList();
                var records = Users.Where((_, i) => i % 2 == 0).ToDictionary(u => EmailAddress.Normalize(u.Email), StringComparer.Ordinal);
                if (ImportPlanner.Plan(prepared, new DigestUsers(before, records), HoldThreshold.Default, Now) is PlanOutcome.Planned planned)
                {
                    _ = Enumerated(planned);
                }
            });
        }
    }

    /// <summary>Makes a plan's changes and summaries (they are made on demand, reading the file again) and checks they are as many as it says.</summary>
    private static ImportPlan Enumerated(PlanOutcome outcome) =>
        outcome is PlanOutcome.Planned { Plan: var plan } ? Enumerated(plan) : throw new FuzzPropertyException($"planning gave {outcome.GetType().Name}, not a plan");

    private static ImportPlan Enumerated(ImportPlan plan)
    {
        var changes = plan.Changes.ToList();
        Check(changes.Count == plan.Changes.Count, $"the plan made {changes.Count} changes but announced {plan.Changes.Count}");
        var counts = plan.Counts;
        Check(changes.Count == counts.Created + counts.Updated + counts.Deactivated + counts.Reactivated,
            $"the plan made {changes.Count} changes but counted {counts}");
        var summaries = plan.Summaries.ToList();
        Check(summaries.Count == plan.Summaries.Count, $"the plan made {summaries.Count} summaries but announced {plan.Summaries.Count}");
        Check(plan.Issues.Count(i => i.Severity == IssueSeverity.Error) == counts.Errors, "the error count differs from the errors listed");
        return plan;
    }

    /// <summary>The refusals of the current input, when the replay lists them (<c>--verbose</c>).</summary>
    [ThreadStatic]
    public static List<string>? Refusals;

    /// <summary>Runs <paramref name="action"/>; the documented refusal of a file is an expected outcome.</summary>
    private static void Refused(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidFeedFileException ex) when (ex.Reason.Length > 0)
        {
            Refusals?.Add(ex.Reason);
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzPropertyException(what);
        }
    }

}

/// <summary>The fixed inputs besides the file: a mapping of every field, the tenant's custom fields and users.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly CustomField[] CustomFields = [new("dept", "Department"), new("site", "Site")];

    /// <summary>Every platform field mapped, and a custom one: the columns the seed files have.</summary>
    private static readonly Dictionary<string, string> AllFields = new(StringComparer.Ordinal)
    {
        [PlatformFields.Email] = "Email",
        [PlatformFields.FirstName] = "First",
        [PlatformFields.LastName] = "Last",
        [PlatformFields.Status] = "Status",
        [PlatformFields.Roles] = "Roles",
        [PlatformFields.Managers] = "Manager",
        [PlatformFields.ExternalId] = "Id",
        [PlatformFields.Custom("dept")] = "Dept",
    };

    public static readonly FieldLayout Layout = new(new FeedMapping(AllFields));

    /// <summary>The same file without externalId matching (email is the key), so both matching modes are fuzzed.</summary>
    public static readonly FieldLayout ByEmail = new(new FeedMapping(
        AllFields.Where(f => f.Key != PlatformFields.ExternalId).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)));

    /// <summary>Feed and platform users, active and not, with and without external ids, managers and custom fields; the seeds name them.</summary>
    public static readonly UserRecord[] Users =
    [
        User("ann@example.com", CreatedBy.Feed) with { ExternalId = "E1", Managers = ["bob@example.com"], CustomFields = Fields("dept", "Sales") },
        User("bob@example.com", CreatedBy.Feed) with { ExternalId = "E2", DerivedManager = true, FeedRoles = Roles.Administrator },
        User("cat@example.com", CreatedBy.Feed) with { ExternalId = "E3", Active = false, DeactivatedForAbsence = true },
        User("dan@example.com", CreatedBy.Feed) with { Active = false },
        User("Eve@Example.com", CreatedBy.Feed) with { ExternalId = "E5", Managers = ["ann@example.com", "pat@example.com"] },
        User("pat@example.com", CreatedBy.Platform) with { PlatformRoles = Roles.Administrator | Roles.Manager },
        User("sue@example.com", CreatedBy.Platform) with { ExternalId = "E9", Active = false, CustomFields = Fields("site", "Oslo") },
    ];

    private static UserRecord User(string email, CreatedBy createdBy) => new()
    {
        UserId = "id-" + email,
        Email = email,
        FirstName = "Ann",
        LastName = "Lee",
        CreatedBy = createdBy,
        CreatedAt = Now.AddDays(-10),
        UpdatedAt = Now.AddDays(-10),
    };

    private static Dictionary<string, string> Fields(string key, string value) => new(StringComparer.Ordinal) { [key] = value };
}

/// <summary>A property of the harness that does not hold: a bug, like any exception other than the refusal.</summary>
internal sealed class FuzzPropertyException(string message) : Exception(message);
