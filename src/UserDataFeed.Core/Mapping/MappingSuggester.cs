using System.Text;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Mapping;

/// <summary>
/// Suggests a mapping from a file's header: recognises the names HR systems and spreadsheets commonly use, custom
/// fields by label and key, and common abbreviations ("Dept", "Mgr", "Emp No").
/// </summary>
public static class MappingSuggester
{
    private static readonly Dictionary<string, string[]> Synonyms = new(StringComparer.Ordinal)
    {
        [PlatformFields.Email] = ["email", "emailaddress", "workemail", "workemailaddress", "businessemail", "mail", "primaryemail", "emailwork"],
        [PlatformFields.FirstName] = ["firstname", "givenname", "forename", "first", "preferredfirstname", "legalfirstname"],
        [PlatformFields.LastName] = ["lastname", "surname", "familyname", "last", "legallastname"],
        [PlatformFields.Status] = ["status", "active", "isactive", "employmentstatus", "employeestatus", "userstatus"],
        [PlatformFields.Roles] = ["roles", "role", "platformroles", "userroles"],
        [PlatformFields.Managers] = ["managers", "manager", "linemanager", "manageremail", "linemanageremail", "supervisor", "supervisoremail", "reportsto", "managersemail"],
        [PlatformFields.StartDate] = ["startdate", "hiredate", "dateofhire", "joindate", "joiningdate", "dateofjoining", "employmentstartdate", "originalhiredate", "contractstartdate"],
        [PlatformFields.EndDate] = ["enddate", "terminationdate", "leavingdate", "leavedate", "dateofleaving", "lastday", "lastdayofwork", "lastworkingday", "separationdate", "exitdate", "employmentenddate", "contractenddate"],
        [PlatformFields.ExternalId] = ["externalid", "employeeid", "employeenumber", "employeeno", "staffid", "staffnumber", "personid", "workerid", "hrid", "empid", "personnelnumber"],
        [PlatformFields.Groups] = ["groups", "group", "usergroups", "groupnames", "groupmembership", "groupmemberships", "memberof", "learninggroups", "cohorts", "cohort"],
    };

    /// <summary>Abbreviations (and spellings) HR exports use for words of field names, with the word they stand for.</summary>
    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["dept"] = "department", ["dep"] = "department", ["mgr"] = "manager", ["mngr"] = "manager", ["emp"] = "employee",
        ["empl"] = "employee", ["no"] = "number", ["nr"] = "number", ["nbr"] = "number", ["num"] = "number", ["#"] = "number",
        ["addr"] = "address", ["fname"] = "firstname", ["lname"] = "lastname", ["ctr"] = "centre", ["cntr"] = "centre",
        ["center"] = "centre", ["org"] = "organisation", ["organization"] = "organisation", ["div"] = "division",
        ["loc"] = "location", ["pos"] = "position", ["tel"] = "phone", ["ph"] = "phone", ["mob"] = "mobile",
        ["supv"] = "supervisor", ["sup"] = "supervisor", ["dob"] = "dateofbirth", ["desc"] = "description",
    };

    /// <summary>How well a column matches one of a field's names; higher is better.</summary>
    private enum Match
    {
        None = 0,

        /// <summary>The column's name starts the field's name (at least four letters): "Depart" for "Department".</summary>
        Prefix = 1,

        /// <summary>Equal once abbreviations are spelt out: "Dept" for "Department", "Emp No" for "Employee Number".</summary>
        Abbreviated = 2,

        /// <summary>Equal letters and digits: "Work E-mail" for "workemail".</summary>
        Exact = 3,
    }

    /// <summary>
    /// A mapping for <paramref name="columns"/>: each platform field (by the names HR systems use) and each custom field
    /// (by its label and its key) gets the column that matches it best, exact names first, then abbreviations, then
    /// prefixes; no column is suggested twice.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Suggest(IReadOnlyList<string> columns, IEnumerable<CustomField> customFields)
    {
        var fields = Synonyms.Select(s => (Field: s.Key, Names: (IReadOnlyList<string>)s.Value))
            .Concat(customFields.Select(f => (Field: PlatformFields.Custom(f.Key), Names: (IReadOnlyList<string>)[f.Label, f.Key])))
            .ToList();
        var names = fields.Select(f => f.Names.Select(Forms).ToList()).ToList();
        var candidates = new List<(Match Match, int Name, int Field, int Column)>();
        for (var c = 0; c < columns.Count; c++)
        {
            var column = Forms(columns[c]);
            for (var f = 0; f < fields.Count; f++)
            {
                for (var n = 0; n < names[f].Count; n++)
                {
                    if (Compare(column, names[f][n]) is var match and not Match.None)
                    {
                        candidates.Add((match, n, f, c));
                    }
                }
            }
        }

        var suggestion = new Dictionary<string, string>(StringComparer.Ordinal);
        var usedColumns = new HashSet<int>();
        foreach (var (_, _, f, c) in candidates.OrderByDescending(m => m.Match).ThenBy(m => m.Name).ThenBy(m => m.Field).ThenBy(m => m.Column))
        {
            if (!suggestion.ContainsKey(fields[f].Field) && usedColumns.Add(c))
            {
                suggestion[fields[f].Field] = columns[c];
            }
        }

        return suggestion;
    }

    /// <summary>A name as compared: its letters and digits, and the same with abbreviations spelt out.</summary>
    private readonly record struct NameForms(string Exact, string Expanded);

    private static NameForms Forms(string name)
    {
        var exact = Normalize(name);
        var words = Words(name).Select(w => Abbreviations.GetValueOrDefault(w, w));
        var expanded = string.Concat(words);
        return new NameForms(exact, Abbreviations.GetValueOrDefault(expanded, expanded));
    }

    private static Match Compare(NameForms column, NameForms name)
    {
        if (column.Exact.Length == 0 || name.Exact.Length == 0)
        {
            return Match.None;
        }

        if (column.Exact == name.Exact)
        {
            return Match.Exact;
        }

        if (column.Expanded == name.Expanded)
        {
            return Match.Abbreviated;
        }

        return column.Exact.Length >= 4 && name.Exact.StartsWith(column.Exact, StringComparison.Ordinal) ? Match.Prefix : Match.None;
    }

    /// <summary>The lower-case words of a name: split at anything but letters and digits and at camelCase humps; '#' is a word.</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '#')
            {
                Flush();
                words.Add("#");
            }
            else if (!char.IsLetterOrDigit(c))
            {
                Flush();
            }
            else
            {
                var hump = char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsUpper(name[i - 1]) && char.IsLower(name[i + 1])));
                if (hump)
                {
                    Flush();
                }

                current.Append(char.ToLowerInvariant(c));
            }
        }

        Flush();
        return words;
    }

    /// <summary>Lower-case letters and digits only: "Work E-mail " and "work_email" compare equal.</summary>
    public static string Normalize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
