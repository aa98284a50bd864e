namespace UserDataFeed.Bench.Generator;

/// <summary>The next file of the same organisation: reordered, churned, or with broken rows. Deterministic for a seed.</summary>
public static class HrExportVariants
{
    /// <summary>The same people and cells, rows shuffled: a different file that changes nothing.</summary>
    public static List<HrPerson> Reordered(IReadOnlyList<HrPerson> people, int seed)
    {
        var shuffled = people.ToArray();
        new Random(seed).Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>
    /// Changes, removes and adds people as <paramref name="churn"/> says. The first row (the root of a
    /// generated reporting tree) stays; joiners report to someone who stays.
    /// </summary>
    public static List<HrPerson> WithChurn(IReadOnlyList<HrPerson> people, ChurnSpec churn, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(1, people.Count - 1).ToArray();
        random.Shuffle(order);
        var removed = order.Take(ChurnSpec.Share(people.Count, churn.RemovedPercent)).ToHashSet();
        var changed = order.Skip(removed.Count).Take(ChurnSpec.Share(people.Count, churn.ChangedPercent)).ToHashSet();

        var next = new List<HrPerson>(people.Count + ChurnSpec.Share(people.Count, churn.NewPercent));
        for (var row = 0; row < people.Count; row++)
        {
            if (!removed.Contains(row))
            {
                next.Add(changed.Contains(row) ? Change(people[row], random) : people[row]);
            }
        }

        var stayers = next.Count;
        var firstNewIndex = people.Max(p => p.Index) + 1;
        for (var i = 0; i < ChurnSpec.Share(people.Count, churn.NewPercent); i++)
        {
            var manager = next[random.Next(stayers)].Email;
            next.Add(HrExportGenerator.NewPerson(firstNewIndex + i, random, manager, managesOthers: false));
        }

        return next;
    }

    /// <summary>
    /// Breaks <paramref name="percent"/>% of the rows so each is a row error that keeps the email: a blank
    /// first name, a blank last name, or an invalid status, in turn. The users stay present and unchanged.
    /// </summary>
    public static List<HrPerson> WithRowErrors(IReadOnlyList<HrPerson> people, double percent, int seed)
    {
        var order = Enumerable.Range(0, people.Count).ToArray();
        new Random(seed).Shuffle(order);
        var broken = order.Take(ChurnSpec.Share(people.Count, percent)).Select((row, i) => (row, i)).ToDictionary(p => p.row, p => p.i % 3);
        return
        [
            .. people.Select((person, row) => broken.TryGetValue(row, out var kind)
                ? kind switch
                {
                    0 => person with { FirstName = "" },
                    1 => person with { LastName = "" },
                    _ => person with { Status = "maybe" },
                }
                : person),
        ];
    }

    private static HrPerson Change(HrPerson person, Random random) => random.Next(3) switch
    {
        0 => person with { Department = HrExportGenerator.Pick(random, NamePools.Departments.Where(d => d != person.Department).ToArray()) },
        1 => person with { Site = HrExportGenerator.Pick(random, NamePools.Sites.Where(s => s != person.Site).ToArray()) },
        _ => person with { LastName = person.LastName + "-" + HrExportGenerator.Pick(random, NamePools.LastNames).Name },
    };

    /// <summary>Group names: one per department, and cross-cutting ones a user may also be in.</summary>
    private static readonly string[] CrossGroups = ["Mentors", "First Aiders", "Fire Wardens", "Safety Committee", "Graduate Cohort", "Works Council", "Volunteers", "Book Club"];

    /// <summary>
    /// Every person in 1–3 groups (their department's, and up to two cross-cutting ones chosen by their index, so a change
    /// of department moves them to another group) and one in twenty with a future end date (a fixed-term contract).
    /// </summary>
    public static List<HrPerson> WithGroupsAndEndDates(IReadOnlyList<HrPerson> people) =>
    [
        .. people.Select(p =>
        {
            var groups = new List<string> { string.IsNullOrEmpty(p.Department) ? "Unassigned" : p.Department };
            var hash = (uint)p.Index * 2654435761u;
            for (var extra = (int)(hash % 3); extra > 0; extra--)
            {
                var name = CrossGroups[(hash >> (8 * extra)) % (uint)CrossGroups.Length];
                if (!groups.Contains(name))
                {
                    groups.Add(name);
                }
            }

            return p with { Groups = string.Join('|', groups), EndDate = p.Index % 20 == 7 ? "2031-06-30" : "" };
        }),
    ];
}
