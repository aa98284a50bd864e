using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// Two files of a tenant, one after the other, with the same mapping: <see cref="First"/> (its file and the users before
/// it) makes the users and the digest the second file is planned against. <see cref="Second"/> keeps some of the first's
/// rows as they were (their users hash the same), changes one value of others (patched unread when they can be), drops some and adds new ones. <see cref="Written"/> picks
/// where a run of the second file pauses; <see cref="DeactivateAfterMissingFiles"/> is the tenant's grace period.
/// </summary>
public sealed record FileSequence(Scenario First, IReadOnlyList<FeedLine> Second, int DeactivateAfterMissingFiles, int Written)
{
    public Scenario SecondScenario => First.WithLines(Second);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"mapping: {First.Mapped}; users absent from {DeactivateAfterMissingFiles} file(s) are deactivated; pause after {Written} change(s)\n");
        text.Append("users:\n");
        foreach (var user in First.Users)
        {
            text.Append("  ").Append(PlanningPathArbitraries.Describe(user)).Append('\n');
        }

        text.Append("first file:\n").Append(First.Csv);
        text.Append("second file:\n").Append(SecondScenario.Csv);
        return text.ToString();
    }
}

/// <summary>
/// Generators for <see cref="FileSequence"/>: <see cref="PlannerArbitraries"/>' pools (errors, duplicates, status, roles,
/// managers that are the row's own user, another or nobody, external ids that rename), with groups, dates, a scope and
/// transforms mapped in some files, and users with platform blocks, platform and feed groups, dates and missed files.
/// </summary>
public static class PlanningPathArbitraries
{
    private static readonly string[] GroupCells = ["", "", "Sales", "Sales|Board", " board , LEGAL", "sales"];

    // Builders.Now is 2026-11-25T12:00Z; the second file is planned two days later, so some dates fall due between.
    private static readonly string[] DateCells = ["", "", "", "2020-01-06", "2026-11-24", "2026-11-26", "2026-11-26T08:00:00Z", "2027-03-01", "not-a-date"];

    public static Arbitrary<FileSequence> FileSequences() => Arb.From(SequenceGen, Shrink);

    private static Gen<FileSequence> SequenceGen =>
        from mapped in PlannerArbitraries.MappedGen
        from groups in Gen.Elements(true, false)
        from dates in Gen.Elements(true, false)
        from scope in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        from transforms in Gen.Frequency((1, Gen.Constant(true)), (2, Gen.Constant(false)))
        from users in PlannerArbitraries.UsersGen
        from extended in Gen.CollectToArray(users.Select(ExtendedUser))
        from count in Gen.Sized(size => Gen.Choose(0, Math.Min(10, 2 + (size / 3))))
        from first in Gen.ListOf(LineGen(extended), count)
        from kept in Gen.CollectToArray(first.Select(line => Gen.Frequency(
            (4, Gen.Constant<FeedLine?>(line)),
            (2, LineGen(extended).Select(l => (FeedLine?)l)),
            (1, Gen.Constant<FeedLine?>(line with { Dept = line.Dept + "x" })),
            (1, Gen.Constant<FeedLine?>(line with { First = line.First == "Ann" ? "Bob" : "Ann" })),
            (1, Gen.Elements("active", "0", "").Select(status => (FeedLine?)(line with { Status = status }))),
            (1, Gen.Elements("", "Manager", "bob@example.com").Select(cell => (FeedLine?)(line with { Roles = cell, Managers = cell }))),
            (1, Gen.Elements(GroupCells).Select(groups => (FeedLine?)(line with { Groups = groups }))),
            (1, Gen.Elements(DateCells).Select(end => (FeedLine?)(line with { End = end }))),
            (1, Gen.Constant<FeedLine?>(null)))))
        from addedCount in Gen.Choose(0, 2)
        from added in Gen.ListOf(LineGen(extended), addedCount)
        from grace in Gen.Elements(1, 1, 2, 3)
        from written in Gen.Choose(0, 20)
        let all = mapped with { Groups = groups, Dates = dates, Scope = scope, Transforms = transforms }
        select new FileSequence(
            new Scenario(all, [.. first], extended, HoldThreshold.Never),
            [.. kept.OfType<FeedLine>(), .. added],
            grace,
            written);

    private static Gen<UserRecord> ExtendedUser(UserRecord user) =>
        from platformGroups in Gen.Elements<IReadOnlyList<string>>([], [], [GroupNames.Id("Board")])
        from feedGroups in Gen.Elements<IReadOnlyList<string>>([], [], [GroupNames.Id("Sales")])
        from missed in Gen.Elements(0, 0, 1)
        from end in Gen.Elements<UserDate?>(null, null, new UserDate("2027-03-01", new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero)))
        select user with
        {
            PlatformGroups = platformGroups,
            FeedGroups = user.CreatedBy == CreatedBy.Feed ? feedGroups : [],
            MissedFiles = user.CreatedBy == CreatedBy.Feed && user.Active ? missed : 0,
            EndDate = end,
        };

    private static Gen<FeedLine> LineGen(IReadOnlyList<UserRecord> users) =>
        from line in PlannerArbitraries.LineGen(users)
        from groups in Gen.Elements(GroupCells)
        from start in Gen.Elements(DateCells)
        from end in Gen.Elements(DateCells)
        select line with { Groups = groups, Start = start, End = end };

    /// <summary>Without one row of the second file, then of the first, then one user; then with groups, dates, scope, transforms unmapped.</summary>
    private static IEnumerable<FileSequence> Shrink(FileSequence sequence)
    {
        for (var i = 0; i < sequence.Second.Count; i++)
        {
            yield return sequence with { Second = [.. sequence.Second.Where((_, j) => j != i)] };
        }

        var first = sequence.First;
        for (var i = 0; i < first.Lines.Count; i++)
        {
            yield return sequence with { First = first.WithLines(first.Lines.Where((_, j) => j != i)) };
        }

        for (var i = 0; i < first.Users.Count; i++)
        {
            yield return sequence with { First = first with { Users = [.. first.Users.Where((_, j) => j != i)] } };
        }

        var mapped = first.Mapped;
        foreach (var fewer in new[]
        {
            mapped with { Groups = false }, mapped with { Dates = false }, mapped with { Scope = false }, mapped with { Transforms = false },
            mapped with { Roles = false }, mapped with { Managers = false }, mapped with { Dept = false },
        })
        {
            if (fewer != mapped)
            {
                yield return sequence with { First = first with { Mapped = fewer } };
            }
        }

        if (sequence.Written > 0)
        {
            yield return sequence with { Written = 0 };
        }
    }

    /// <summary>Everything of a user but their id and timestamps, for a counterexample.</summary>
    public static string Describe(UserRecord user) =>
        Scenario.Describe(user) + string.Create(CultureInfo.InvariantCulture,
            $" missed={user.MissedFiles} start={user.StartDate?.Text ?? "-"} end={user.EndDate?.Text ?? "-"} awaiting={user.AwaitingStart} "
            + $"feedGroups=[{string.Join("|", user.FeedGroups)}] platformGroups=[{string.Join("|", user.PlatformGroups)}]");
}
