using System.Text;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Mapping;

/// <summary>
/// The CSV template a tenant admin downloads: every platform field and the tenant's custom fields (by
/// label), one example row in the standard formats. Its header, saved as the mapping, imports the file cleanly.
/// </summary>
public static class FeedTemplate
{
    private static readonly (string Field, string Column, string Example)[] Standard =
    [
        (PlatformFields.Email, "Email", "jane.doe@example.com"),
        (PlatformFields.FirstName, "First Name", "Jane"),
        (PlatformFields.LastName, "Last Name", "Doe"),
        (PlatformFields.Status, "Status", "1"),
        (PlatformFields.Roles, "Roles", "Learner|Administrator"),
        (PlatformFields.Managers, "Managers", ""),
        (PlatformFields.ExternalId, "External ID", "E1001"),
        (PlatformFields.Groups, "Groups", "Sales|New Starters"),
        (PlatformFields.StartDate, "Start Date", FeedDates.Example),
        (PlatformFields.EndDate, "End Date", ""),
    ];

    /// <summary>The mapping the template's header stands for.</summary>
    public static IReadOnlyDictionary<string, string> Mapping(IEnumerable<CustomField> customFields)
    {
        var mapping = Standard.ToDictionary(s => s.Field, s => s.Column, StringComparer.Ordinal);
        foreach (var (field, label) in Custom(customFields))
        {
            mapping[field] = label;
        }

        return mapping;
    }

    /// <summary>The template as UTF-8 with a BOM (what Excel expects to open as UTF-8), CRLF line ends.</summary>
    public static byte[] Csv(IEnumerable<CustomField> customFields)
    {
        var custom = Custom(customFields).ToList();
        string[] header = [.. Standard.Select(s => s.Column), .. custom.Select(c => c.Label)];
        string[] example = [.. Standard.Select(s => s.Example), .. custom.Select(_ => "Example")];
        using var text = new StringWriter();
        CsvOutput.Write(text, header, [example]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    // Labels are shown to people and may collide with standard columns or each other; keys never do.
    private static IEnumerable<(string Field, string Label)> Custom(IEnumerable<CustomField> customFields)
    {
        var used = new HashSet<string>(Standard.Select(s => s.Column), StringComparer.OrdinalIgnoreCase);
        foreach (var field in customFields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var label = field.Label.Trim();
            yield return (PlatformFields.Custom(field.Key), used.Add(label) ? label : $"{label} ({field.Key})");
        }
    }
}
