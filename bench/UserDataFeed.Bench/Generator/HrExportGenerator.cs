using System.Globalization;

namespace UserDataFeed.Bench.Generator;

/// <summary>
/// A deterministic (seeded) HR export: a reporting tree where every manager has up to
/// <see cref="SpanOfControl"/> reports, a few dotted-line second managers, a role mix, some inactive
/// staff, three custom fields and employee ids that some people lack.
/// </summary>
public static class HrExportGenerator
{
    public const int SpanOfControl = 7;

    public static List<HrPerson> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var people = new List<HrPerson>(count);
        for (var i = 0; i < count; i++)
        {
            var managers = i == 0 ? "" : people[(i - 1) / SpanOfControl].Email;
            if (i > 1 && random.Next(100) < 3)
            {
                managers += "|" + people[random.Next(i)].Email; // a dotted-line manager
            }

            people.Add(NewPerson(i, random, managers, managesOthers: (long)i * SpanOfControl + 1 < count));
        }

        return people;
    }

    /// <summary>A person with the given index (which makes the email unique) and manager cell.</summary>
    public static HrPerson NewPerson(int index, Random random, string managerEmails, bool managesOthers)
    {
        var (first, firstAscii) = Pick(random, NamePools.FirstNames);
        var (last, lastAscii) = Pick(random, NamePools.LastNames);
        var email = $"{firstAscii}.{lastAscii}.{index.ToString(CultureInfo.InvariantCulture)}@{Pick(random, NamePools.Domains)}";
        var roll = random.Next(100);
        var roles = roll switch
        {
            < 1 => "Learner|Administrator",
            _ when managesOthers && roll < 70 => "Learner|Manager",
            _ => "Learner",
        };
        return new HrPerson(
            index,
            random.Next(10) == 0 ? "" : "E" + (100_000 + index).ToString(CultureInfo.InvariantCulture),
            email,
            first,
            last,
            random.Next(100) < 3 ? "0" : "1",
            roles,
            managerEmails,
            Pick(random, NamePools.Departments),
            Pick(random, NamePools.Sites),
            "CC-" + random.Next(1000, 10_000).ToString(CultureInfo.InvariantCulture));
    }

    internal static T Pick<T>(Random random, IReadOnlyList<T> pool) => pool[random.Next(pool.Count)];
}
