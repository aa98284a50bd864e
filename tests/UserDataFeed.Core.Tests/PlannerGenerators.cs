using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// Which optional fields a generated file maps (email, first and last name always are). <see cref="Groups"/>,
/// <see cref="Dates"/>, <see cref="Scope"/> (rows whose Dept is R&amp;D are out of scope; the Dept column is written even
/// when unmapped) and <see cref="Transforms"/> (first names upper-cased, a blank Dept read as "None") are off unless set.
/// </summary>
public sealed record MappedFields(bool ExternalId, bool Status, bool Roles, bool Managers, bool Dept)
{
    public bool Groups { get; init; }

    public bool Dates { get; init; }

    public bool Scope { get; init; }

    public bool Transforms { get; init; }

    /// <summary>Whether the Dept column is in the file: mapped, or read by the scope.</summary>
    public bool DeptColumn => Dept || Scope;

    public FeedMapping Mapping
    {
        get
        {
            var extra = new List<(string, string)>();
            if (Status)
            {
                extra.Add((PlatformFields.Status, "Status"));
            }

            if (Roles)
            {
                extra.Add((PlatformFields.Roles, "Roles"));
            }

            if (Managers)
            {
                extra.Add((PlatformFields.Managers, "Manager"));
            }

            if (ExternalId)
            {
                extra.Add((PlatformFields.ExternalId, "Id"));
            }

            if (Dept)
            {
                extra.Add((PlatformFields.Custom("dept"), "Dept"));
            }

            if (Groups)
            {
                extra.Add((PlatformFields.Groups, "Groups"));
            }

            if (Dates)
            {
                extra.Add((PlatformFields.StartDate, "Start"));
                extra.Add((PlatformFields.EndDate, "End"));
            }

            var transforms = new Dictionary<string, FieldTransform>();
            if (Transforms)
            {
                transforms[PlatformFields.FirstName] = new FieldTransform(FieldTransform.Upper);
                if (Dept)
                {
                    transforms[PlatformFields.Custom("dept")] = new FieldTransform(FieldTransform.Default, Value: "None");
                }
            }

            return Builders.MappingOf([.. extra]) with
            {
                Scope = Scope ? [new ScopeRule("Dept", NotIn: ["R&D"])] : [],
                Transforms = transforms,
            };
        }
    }

    /// <summary>The file's header row.</summary>
    public string Header =>
        string.Join(",", new[] { "Email", "First", "Last" }
            .Concat(Status ? ["Status"] : [])
            .Concat(Roles ? ["Roles"] : [])
            .Concat(Managers ? ["Manager"] : [])
            .Concat(ExternalId ? ["Id"] : [])
            .Concat(DeptColumn ? ["Dept"] : [])
            .Concat(Groups ? ["Groups"] : [])
            .Concat(Dates ? ["Start", "End"] : []));

    /// <summary>The header, with the scope and transforms when set (the header does not show them).</summary>
    public override string ToString() =>
        Header + (Scope ? " (scope: Dept not R&D)" : "") + (Transforms ? " (transforms: First upper, blank Dept is None)" : "");
}

/// <summary>One data row as written in the file (cells untrimmed); only the mapped ones are written.</summary>
public sealed record FeedLine(string Email, string First, string Last, string Status, string Roles, string Managers, string ExternalId, string Dept)
{
    public string Groups { get; init; } = "";

    public string Start { get; init; } = "";

    public string End { get; init; } = "";

    public string Csv(MappedFields mapped) =>
        string.Join(",", new[] { Email, First, Last }
            .Concat(mapped.Status ? [Status] : [])
            .Concat(mapped.Roles ? [Roles] : [])
            .Concat(mapped.Managers ? [Managers] : [])
            .Concat(mapped.ExternalId ? [ExternalId] : [])
            .Concat(mapped.DeptColumn ? [Dept] : [])
            .Concat(mapped.Groups ? [Groups] : [])
            .Concat(mapped.Dates ? [Start, End] : [])
            .Select(Quote));

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}

/// <summary>A generated planning: a file (its mapping and rows), the tenant's users and the hold threshold.</summary>
public sealed record Scenario(MappedFields Mapped, IReadOnlyList<FeedLine> Lines, IReadOnlyList<UserRecord> Users, HoldThreshold Threshold)
{
    public FeedMapping Mapping => Mapped.Mapping;

    public FieldLayout Layout => new(Mapping);

    public string Csv => Mapped.Header + "\n" + string.Concat(Lines.Select(l => l.Csv(Mapped) + "\n"));

    public Scenario WithLines(IEnumerable<FeedLine> lines) => this with { Lines = [.. lines] };

    /// <summary>The file, the users one per line, the threshold: what a shrunk counterexample shows.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("file:\n").Append(Csv);
        text.Append("users:\n");
        foreach (var user in Users)
        {
            text.Append("  ").Append(Describe(user)).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"hold: {Threshold.Percent}% and more than {Threshold.Minimum}\n");
        return text.ToString();
    }

    public static string Describe(UserRecord user) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{user.Email} {user.FirstName} {user.LastName} {(user.CreatedBy == CreatedBy.Feed ? "feed" : "platform")} "
            + $"{(user.Active ? "active" : user.DeactivatedForAbsence ? "inactive(absent)" : "inactive")}{(user.BlockedByPlatform ? "(blocked)" : "")} ext={user.ExternalId ?? "-"} "
            + $"platformRoles={user.PlatformRoles} feedRoles={user.FeedRoles} derivedManager={user.DerivedManager} "
            + $"managers=[{string.Join("|", user.Managers)}] fields=[{string.Join(";", user.CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value))}]");
}

/// <summary>The file's rows with the order they are planned in: a permutation of the scenario's lines.</summary>
public sealed record Reordering(Scenario Scenario, IReadOnlyList<int> Order)
{
    /// <summary>Drops one line from both orders, then one user.</summary>
    internal static IEnumerable<Reordering> Shrink(Reordering reordering)
    {
        var scenario = reordering.Scenario;
        for (var i = 0; i < scenario.Lines.Count; i++)
        {
            var dropped = i;
            yield return new Reordering(
                scenario.WithLines(scenario.Lines.Where((_, j) => j != dropped)),
                [.. reordering.Order.Where(j => j != dropped).Select(j => j > dropped ? j - 1 : j)]);
        }

        for (var i = 0; i < scenario.Users.Count; i++)
        {
            var dropped = i;
            yield return reordering with { Scenario = scenario with { Users = [.. scenario.Users.Where((_, j) => j != dropped)] } };
        }
    }

    public override string ToString() => $"{Scenario}order: {string.Join(",", Order.Select(i => i + 1))}\n";
}

/// <summary>
/// FsCheck generators of feed files and users. Values come from small pools, so rows and users collide
/// (same email in another case, an email or external id another user has, a manager who is a row or a
/// user or nobody); a scenario shrinks by dropping rows and users, so a failure shows a small file.
/// </summary>
public static class PlannerArbitraries
{
    internal static readonly string[] Emails =
        ["ann@example.com", "bob@example.com", "cat@example.com", "dan@example.com", "eve@example.com", "fay@example.com"];

    private static readonly string[] ExternalIds = ["E1", "E2", "E3", "E4", "E5"];

    public static Arbitrary<Scenario> Scenario() => Arb.From(ScenarioGen, Shrink);

    public static Arbitrary<Reordering> Reorderings() =>
        Arb.From(
            from scenario in ScenarioGen
            from order in Gen.Shuffle(Enumerable.Range(0, scenario.Lines.Count))
            select new Reordering(scenario, order),
            Reordering.Shrink);

    private static Gen<Scenario> ScenarioGen =>
        from mapped in MappedGen
        from users in UsersGen
        from count in Gen.Sized(size => Gen.Choose(0, Math.Min(12, 2 + (size / 3))))
        from lines in Gen.ListOf(LineGen(users), count)
        from percent in Gen.Elements(0, 10, 20, 50, 100)
        from minimum in Gen.Choose(0, 3)
        select new Scenario(mapped, [.. lines], users, new HoldThreshold(percent, minimum));

    internal static Gen<MappedFields> MappedGen =>
        from externalId in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
        from status in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from roles in Gen.Elements(true, false)
        from managers in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from dept in Gen.Elements(true, false)
        select new MappedFields(externalId, status, roles, managers, dept);

    internal static Gen<UserRecord[]> UsersGen =>
        from emails in Gen.SubListOf(Emails)
        from ids in Gen.Shuffle(ExternalIds)
        from users in Gen.CollectToArray(emails.Select((email, i) => UserGen(email, i < ids.Length ? ids[i] : null, emails)))
        select users;

    private static Gen<UserRecord> UserGen(string email, string? id, IReadOnlyList<string> emails) =>
        from storedEmail in Gen.Frequency((4, Gen.Constant(email)), (1, Gen.Constant(char.ToUpperInvariant(email[0]) + email[1..])))
        from feed in Gen.Elements(true, false)
        from active in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from absent in Gen.Elements(true, false)
        from blocked in Gen.Elements(true, false)
        from hasId in Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)))
        from first in Gen.Elements("Ann", "Bob", "Zoë")
        from platformRoles in Gen.Elements(Roles.None, Roles.None, Roles.Administrator, Roles.Manager)
        from feedRoles in Gen.Elements(Roles.None, Roles.None, Roles.Manager, Roles.Administrator)
        from derived in Gen.Elements(false, false, true)
        from managers in Gen.SubListOf(emails.Where(e => e != email))
        from dept in Gen.Elements("", "", "Sales", "R&D")
        select new UserRecord
        {
            UserId = "id-" + email,
            Email = storedEmail,
            FirstName = first,
            LastName = "Lee",
            // The inactive feed users half deactivated for absence; the others and the platform's half blocked, half by a status column.
            InactiveBecause = active ? InactiveReason.None
                : feed && absent ? InactiveReason.Absence
                : blocked ? InactiveReason.Platform
                : InactiveReason.StatusColumn,
            ExternalId = hasId ? id : null,
            CustomFields = dept.Length == 0 ? UserRecord.EmptyFields : new Dictionary<string, string>(StringComparer.Ordinal) { ["dept"] = dept },
            PlatformRoles = platformRoles,
            FeedRoles = feed ? feedRoles : Roles.None,
            DerivedManager = derived,
            Managers = [.. managers.Take(2)],
            CreatedBy = feed ? CreatedBy.Feed : CreatedBy.Platform,
            CreatedAt = Builders.Now.AddDays(-30),
            UpdatedAt = Builders.Now.AddDays(-30),
        };

    internal static Gen<FeedLine> LineGen(IReadOnlyList<UserRecord> users)
    {
        var userIds = users.Select(u => u.ExternalId).OfType<string>().ToArray();
        var emails = Gen.Frequency(
            (8, Gen.Elements(Emails)),
            (2, Gen.Elements(Emails).Select(e => e.ToUpperInvariant())),
            (1, Gen.Elements(Emails).Select(e => "  " + e + " ")),
            (1, Gen.Elements("", "not-an-email", "a@b", "two@@example.com", "new@example.com")));
        var ids = userIds.Length == 0
            ? Gen.Elements([.. ExternalIds, "E9", ""])
            : Gen.Frequency((3, Gen.Elements(userIds)), (2, Gen.Elements([.. ExternalIds, "E9"])), (1, Gen.Constant("")));
        var managers = Gen.Frequency(
            (3, Gen.Constant("")),
            (3, Gen.Elements(Emails)),
            (2, Gen.SubListOf(Emails).Select(m => string.Join("|", m.Take(3)))),
            (1, Gen.Elements("nobody@example.com", "not-an-email", "ann@example.com, bob@example.com")));
        return from email in emails
               from first in Gen.Frequency((6, Gen.Elements("Ann", "Bob", "Zoë")), (1, Gen.Elements("", " Ann ")))
               from last in Gen.Frequency((6, Gen.Elements("Lee", "Ray")), (1, Gen.Constant("")))
               from status in Gen.Frequency((5, Gen.Elements("1", "active", "yes")), (4, Gen.Elements("0", "inactive", "No")), (1, Gen.Elements("", "maybe")))
               from roles in Gen.Elements("", "", "Manager", "administrator", "Learner|Manager", "Wizard")
               from manager in managers
               from id in ids
               from dept in Gen.Elements("", "Sales", "R&D", "Sales, EMEA")
               select new FeedLine(email, first, last, status, roles, manager, id, dept);
    }

    /// <summary>Smaller scenarios: without one row, without one user, then with the optional columns unmapped one at a time.</summary>
    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        for (var i = 0; i < scenario.Lines.Count; i++)
        {
            yield return scenario.WithLines(scenario.Lines.Where((_, j) => j != i));
        }

        for (var i = 0; i < scenario.Users.Count; i++)
        {
            yield return scenario with { Users = [.. scenario.Users.Where((_, j) => j != i)] };
        }

        var mapped = scenario.Mapped;
        if (mapped.Roles)
        {
            yield return scenario with { Mapped = mapped with { Roles = false } };
        }

        if (mapped.Dept)
        {
            yield return scenario with { Mapped = mapped with { Dept = false } };
        }

        if (mapped.Managers)
        {
            yield return scenario with { Mapped = mapped with { Managers = false } };
        }
    }
}
