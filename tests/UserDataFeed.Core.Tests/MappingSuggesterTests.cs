using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Tests;

/// <summary>The suggested mapping matches columns to fields by name, label and the abbreviations HR exports use.</summary>
public sealed class MappingSuggesterTests
{
    [Fact]
    public void Abbreviated_column_is_suggested_for_the_custom_field_with_that_label()
    {
        var suggestion = MappingSuggester.Suggest(["Email", "First", "Last", "Dept"], [new CustomField("department", "Department")]);

        Assert.Equal("Dept", suggestion["custom.department"]);
    }

    [Fact]
    public void Custom_field_is_matched_by_its_key_when_its_label_differs()
    {
        var suggestion = MappingSuggester.Suggest(["Email", "cost_centre"], [new CustomField("costCentre", "Budget holder")]);

        Assert.Equal("cost_centre", suggestion["custom.costCentre"]);
    }

    [Fact]
    public void Custom_field_label_abbreviated_in_its_words_matches()
    {
        var suggestion = MappingSuggester.Suggest(["Email", "Cost Ctr"], [new CustomField("cc", "Cost Centre")]);

        Assert.Equal("Cost Ctr", suggestion["custom.cc"]);
    }

    [Theory]
    [InlineData("Mgr", "managers")]
    [InlineData("Mgr Email", "managers")]
    [InlineData("Emp No", "externalId")]
    [InlineData("Emp #", "externalId")]
    [InlineData("Employee Num", "externalId")]
    [InlineData("E-mail Addr", "email")]
    [InlineData("Fname", "firstName")]
    [InlineData("Surname", "lastName")]
    [InlineData("Groups", "groups")]
    [InlineData("Member Of", "groups")]
    [InlineData("Learning Groups", "groups")]
    public void Common_abbreviations_of_platform_fields_are_recognised(string column, string field)
    {
        var suggestion = MappingSuggester.Suggest([column], []);

        Assert.Equal(column, suggestion[field]);
    }

    [Fact]
    public void A_custom_field_labelled_group_takes_its_column_before_the_groups_field()
    {
        var suggestion = MappingSuggester.Suggest(["Email", "Group", "Groups"], [new CustomField("group", "Group")]);

        Assert.Equal("Group", suggestion["custom.group"]);
        Assert.Equal("Groups", suggestion["groups"]);
    }

    [Fact]
    public void Exact_names_win_over_abbreviations_and_no_column_is_used_twice()
    {
        var suggestion = MappingSuggester.Suggest(["Dept", "Department", "Email"], [new CustomField("department", "Department"), new CustomField("division", "Division")]);

        Assert.Equal("Department", suggestion["custom.department"]);
        Assert.False(suggestion.ContainsKey("custom.division"));
        Assert.Equal("Email", suggestion["email"]);
    }

    [Theory]
    [InlineData("Site")]
    [InlineData("Notes")]
    [InlineData("Name")]
    [InlineData("Date of Birth")]
    public void Unrelated_columns_are_not_suggested(string column)
    {
        var suggestion = MappingSuggester.Suggest([column], [new CustomField("department", "Department"), new CustomField("manager-level", "Manager level")]);

        Assert.Empty(suggestion);
    }
}
