using System.Text.Json.Nodes;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Scim;
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
        "mapping" => json => Mapping(json),
        "scim" => text => Scim(text),
        "all" => file => All(file),
        _ => null,
    };

    public static void All(byte[] file)
    {
        Reader(file);
        Preview(file);
        Planner(file);
        Mapping(file);
        Scim(file);
    }

    /// <summary>
    /// What an identity provider sends a SCIM service, from the same bytes: as a filter (parsed, checked against the
    /// User schema, printed and parsed again to the same filter, and evaluated on a fixed user), as an <c>attributes</c>
    /// list, and as a PATCH body (read as the service reads one, <see cref="ScimBody"/>) applied to the fixed user. The documented refusal is a <see cref="ScimException"/>.
    /// </summary>
    public static void Scim(byte[] input)
    {
        var text = System.Text.Encoding.UTF8.GetString(input);
        ScimRefused(() =>
        {
            var filter = ScimFilterParser.Parse(text);
            Check(ScimFilterParser.Parse(ScimFilterPrinter.Print(filter)).Equals(filter), "a filter printed and parsed again is another filter");
            ScimFilterChecker.Check(filter, ScimSchemas.User);
            _ = new ScimFilterEvaluator(ScimSchemas.User).Matches(filter, new JsonResourceView(ScimUser()));
        });
        ScimRefused(() => _ = ScimProjection.Project(ScimUser(), ScimSchemas.User, ScimAttributeSelection.Parse(text, ScimSchemas.User), null));
        ScimRefused(() =>
        {
            var body = ScimBody.Parse(input);
            var user = ScimUser();
            var before = user.ToJsonString();
            _ = new ScimPatcher(ScimSchemas.User).Apply(user, ScimPatchRequest.Parse(body));
            Check(user.ToJsonString() == before, "a PATCH changed the resource it was given");
        });
    }

    private static JsonObject ScimUser() => new()
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
        ["id"] = "u1",
        ["userName"] = "ann@example.com",
        ["name"] = new JsonObject { ["givenName"] = "Ann", ["familyName"] = "Lee" },
        ["emails"] = new JsonArray(new JsonObject { ["value"] = "ann@example.com", ["type"] = "work", ["primary"] = true }),
        ["active"] = true,
        ["meta"] = new JsonObject { ["lastModified"] = "2026-11-25T12:00:00Z" },
    };

    /// <summary>Runs <paramref name="action"/>; a SCIM error (what the service answers as a 4xx) is an expected outcome.</summary>
    private static void ScimRefused(Action action)
    {
        try
        {
            action();
        }
        catch (ScimException ex) when (ex.Message.Length > 0)
        {
            Refusals?.Add(ex.Message);
        }
    }

    /// <summary>
    /// A mapping document's bytes, as an admin would PUT them: read as the API reads its body (JSON that is not a
    /// mapping is a 400 there, and ends here), checked by the save's own check (<see cref="MappingRules.Check"/>), and,
    /// when it passes, stored and read back as the store does (<see cref="MappingJson"/>, within its size), then used
    /// to preview and to plan a small fixed file. Also the same document taken as a mapping already stored without
    /// that check: when the import's check (<see cref="MappingRules.ProblemOf"/>) lets it through, it plans too.
    /// </summary>
    public static void Mapping(byte[] json)
    {
        if (MappingDocument.Read(json) is not { } document)
        {
            return;
        }

        var check = MappingRules.Check(document.Fields, document.Scope, document.Transforms, [.. CustomFields.Select(f => f.Key)]);
        Check((check.Mapping is null) == (check.Errors.Count > 0), "the check gave both a mapping and errors, or neither");
        if (check.Mapping is { } saved)
        {
            var parts = new[] { MappingJson.Fields(saved.Fields), MappingJson.Scope(saved.Scope), MappingJson.Transforms(saved.Transforms) };
            Check(parts.All(p => (p?.Length ?? 0) <= MappingJson.MaxChars), "a mapping that passed the check is larger than the store takes");
            var stored = new FeedMapping(MappingJson.ReadFields(parts[0])) { Scope = MappingJson.ReadScope(parts[1]), Transforms = MappingJson.ReadTransforms(parts[2]) };
            Check(MappingRules.ProblemOf(stored) is null, "a mapping that passed the save's check fails the import's");
            PlanSmallFile(stored);
        }

        var asStored = new FeedMapping(document.Fields ?? [])
        {
            Scope = [.. (document.Scope ?? []).Select(r => r!)], // as stored: a null rule is possible, and the import's check must catch it
            Transforms = (document.Transforms ?? []).ToDictionary(t => t.Key, t => t.Value!),
        };
        if (MappingRules.ProblemOf(asStored) is null)
        {
            PlanSmallFile(asStored);
        }
    }

    /// <summary>The preview of the fixed sample under <paramref name="mapping"/>, then the plan of it against the fixed users.</summary>
    private static void PlanSmallFile(FeedMapping mapping)
    {
        var sample = new MemoryStream(SmallFile, writable: false);
        var mapped = MappedSample.Read(sample, mapping);
        Check(mapped.Rows.All(r => r.Values.Count == mapped.Fields.Count), "a mapped sample row has another number of values than fields");
        Refused(() =>
        {
            var layout = new FieldLayout(mapping, TimeZoneInfo.Utc);
            var prepared = ImportPlanner.Prepare(FeedRows.FromFile(new MemoryStream(SmallFile, writable: false), layout), layout);
            if (prepared.Rejection is not null)
            {
                throw new InvalidFeedFileException(prepared.Rejection);
            }

            _ = Enumerated(ImportPlanner.Plan(prepared, new FullRecords(Users), HoldThreshold.Never, Now));
        });
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
                foreach (var (again, hold) in (ReadOnlySpan<(PlanOutcome, string)>)[
                    (ImportPlanner.Plan(prepared, new DigestUsers(after), HoldThreshold.Never, Now), "no hold"),
                    (ImportPlanner.Plan(prepared, new DigestUsers(after), HoldThreshold.Default, Now), "the default hold")])
                {
                    var changes = again is PlanOutcome.Planned ? Enumerated(again).Changes : null;
                    Check(changes is { Count: 0 },
                        $"planned again ({hold}) against the digest it leaves, the file gives {again.GetType().Name} with "
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

    /// <summary>The sample the mapping target previews and plans: the columns its seeds name, the fixed users' emails.</summary>
    public static readonly byte[] SmallFile = System.Text.Encoding.UTF8.GetBytes(
        "Email,First,Last,Status,Roles,Manager,Id,Dept,Site,Worker Type,Preferred,Middle,Start,End,Groups\r\n"
        + "ann@example.com,Ann,Lee,1,Learner,bob@example.com,E1,HR,Oslo,Employee,Annie,,2026-01-01,,Sales|Ops\r\n"
        + "BOB@example.com,Bob,Ray,active,Manager|Administrator,,E2,it,Bergen,Contractor,,J,,2027-01-01,\r\n"
        + "new@example.com, ,Nye,0,Boss,ann@example.com,E10,,Oslo,employee,Newt,Q,not a date,,Sales\r\n"
        + "eve@example.com,Eve,Doe,yes,,pat@example.com|ann@example.com,E5,Sales,,Intern,,,,,\r\n"
        + "ann@example.com,Ann,Lee,1,,,E1,HR,Oslo,Employee,,,,,\r\n");

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
        User("cat@example.com", CreatedBy.Feed) with { ExternalId = "E3", InactiveBecause = InactiveReason.Absence },
        User("dan@example.com", CreatedBy.Feed) with { InactiveBecause = InactiveReason.StatusColumn },
        User("Eve@Example.com", CreatedBy.Feed) with { ExternalId = "E5", Managers = ["ann@example.com", "pat@example.com"] },
        User("pat@example.com", CreatedBy.Platform) with { PlatformRoles = Roles.Administrator | Roles.Manager },
        User("sue@example.com", CreatedBy.Platform) with { ExternalId = "E9", InactiveBecause = InactiveReason.StatusColumn, CustomFields = Fields("site", "Oslo") },
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

/// <summary>A mapping body as the API's <c>MappingBody</c> reads it: any part may be missing, and any value null.</summary>
internal sealed record MappingDocument(
    Dictionary<string, string>? Fields,
    List<ScopeRule?>? Scope,
    Dictionary<string, FieldTransform?>? Transforms)
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The document, or null when the bytes are not one (the API's 400 for such a body).</summary>
    public static MappingDocument? Read(byte[] json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<MappingDocument>(json, Options);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>A property of the harness that does not hold: a bug, like any exception other than the refusal.</summary>
internal sealed class FuzzPropertyException(string message) : Exception(message);
