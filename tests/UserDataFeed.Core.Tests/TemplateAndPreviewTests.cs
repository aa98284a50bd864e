using System.Text;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Tests;

public sealed class TemplateAndPreviewTests
{
    private static readonly CustomField[] Fields = [new("department", "Department"), new("site", "Email")];

    [Fact]
    public void Template_is_utf8_with_bom_and_lists_every_platform_field_and_custom_label()
    {
        var bytes = FeedTemplate.Csv(Fields);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var header = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[0];
        Assert.Equal("Email,First Name,Last Name,Status,Roles,Managers,External ID,Groups,Start Date,End Date,Department,Email (site)", header);
    }

    [Fact]
    public void Template_saved_with_its_own_header_as_mapping_imports_cleanly()
    {
        var mapping = new FeedMapping(FeedTemplate.Mapping(Fields));
        Assert.Empty(FeedMapping.Validate(mapping.Fields, Fields.Select(f => f.Key).ToHashSet()));

        var layout = new FieldLayout(mapping);
        var plan = ImportPlanner.Plan(Builders.Read(layout, FeedTemplate.Csv(Fields)), layout, [], HoldThreshold.Default, Builders.Now).Planned();

        Assert.Empty(plan.Issues);
        Assert.Equal(1, plan.Counts.Created);
        Assert.Equal("Example", plan.Changes.First().User.CustomFields["department"]);
    }

    [Fact]
    public void Suggested_mapping_recognises_common_header_names_and_custom_labels()
    {
        string[] columns = ["Employee ID", "Given Name", "Surname", "Work Email", "Line Manager", "Dept.", "Department", "Active"];

        var suggestion = MappingSuggester.Suggest(columns, [new CustomField("department", "Department")]);

        Assert.Equal("Work Email", suggestion["email"]);
        Assert.Equal("Given Name", suggestion["firstName"]);
        Assert.Equal("Surname", suggestion["lastName"]);
        Assert.Equal("Employee ID", suggestion["externalId"]);
        Assert.Equal("Line Manager", suggestion["managers"]);
        Assert.Equal("Active", suggestion["status"]);
        Assert.Equal("Department", suggestion["custom.department"]);
        Assert.False(suggestion.ContainsKey("roles"));
    }

    [Fact]
    public async Task Preview_gives_columns_up_to_five_rows_separator_and_encoding()
    {
        var csv = "\uFEFFWork Email;Given Name;Surname\r\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"u{i}@example.com;U{i};Lee\r\n"));

        var preview = await CsvPreview.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), [], CancellationToken.None);

        Assert.Equal(["Work Email", "Given Name", "Surname"], preview.Columns);
        Assert.Equal(5, preview.SampleRows.Count);
        Assert.Equal(["u1@example.com", "U1", "Lee"], preview.SampleRows[0]);
        Assert.Equal((";", "utf-8-bom"), (preview.Delimiter, preview.Encoding));
        Assert.Equal("Work Email", preview.SuggestedMapping["email"]);
    }
}
