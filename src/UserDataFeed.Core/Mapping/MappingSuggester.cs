using System.Text;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Mapping;

/// <summary>Suggests a mapping from a file's header: recognises the names HR systems and spreadsheets commonly use.</summary>
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
        [PlatformFields.ExternalId] = ["externalid", "employeeid", "employeenumber", "employeeno", "staffid", "staffnumber", "personid", "workerid", "hrid", "empid", "personnelnumber"],
    };

    public static IReadOnlyDictionary<string, string> Suggest(IReadOnlyList<string> columns, IEnumerable<CustomField> customFields)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            byName.TryAdd(Normalize(column), column);
        }

        var suggestion = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        void Take(string field, IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                if (byName.TryGetValue(name, out var column) && used.Add(column))
                {
                    suggestion[field] = column;
                    return;
                }
            }
        }

        foreach (var (field, names) in Synonyms)
        {
            Take(field, names);
        }

        foreach (var field in customFields)
        {
            Take(PlatformFields.Custom(field.Key), [Normalize(field.Label), Normalize(field.Key)]);
        }

        return suggestion;
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
