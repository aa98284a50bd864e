using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>Every value a user stores has a maximum length: a longer one is the row's error, never the store's refusal.</summary>
public sealed class ValueLengthRuleTests
{
    private static readonly FeedMapping Full = MappingOf(
        (PlatformFields.ExternalId, "Id"), (PlatformFields.Roles, "Roles"), (PlatformFields.Managers, "Managers"), (PlatformFields.Groups, "Groups"),
        (PlatformFields.Custom("notes"), "Notes"));

    private const string FullHeader = "Email,First,Last,Id,Roles,Managers,Groups,Notes\n";

    [Fact]
    public void First_name_over_its_maximum_is_a_row_error_naming_the_column_the_limit_and_the_length_and_the_other_rows_apply()
    {
        var plan = Plan(MappingOf(), $"Email,First,Last\nann@example.com,{new string('a', 40_000)},Lee\nbob@example.com,Bob,Ray\n", FeedUser("ann@example.com"));

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((1, "First", "value-too-long", IssueSeverity.Error), (issue.Row, issue.Column, issue.Code, issue.Severity));
        Assert.Equal("This value has 40,000 characters; firstName may have at most 256.", issue.Message);
        Assert.True(issue.Value.Length <= 101, "the issue shows the start of the value, not all of it");
        var created = Assert.Single(plan.Changes);
        Assert.Equal(("bob@example.com", ChangeKind.Create), (created.User.Email, created.Kind));
        Assert.Equal((1, 1, 0), (plan.Counts.Errors, plan.Counts.Created, plan.Counts.Deactivated)); // Ann is present, unchanged
    }

    [Theory]
    [InlineData("Email", 255, "email", 254)]
    [InlineData("Last", 257, "lastName", 256)]
    [InlineData("Id", 257, "externalId", 256)]
    [InlineData("Roles", 1_001, "roles", 1_000)]
    [InlineData("Managers", 4_001, "managers", 4_000)]
    [InlineData("Groups", 4_001, "groups", 4_000)]
    [InlineData("Notes", 4_001, "custom.notes", 4_000)]
    public void Every_stored_field_has_a_maximum_length(string column, int length, string field, int limit)
    {
        string[] cells = ["ann@example.com", "Ann", "Lee", "E1", "Learner", "", "", ""];
        var index = FullHeader.TrimEnd().Split(',').ToList().IndexOf(column);
        cells[index] = column == "Email" ? new string('a', length - "@example.com".Length) + "@example.com" : new string('x', length);

        var plan = Plan(Full, FullHeader + string.Join(',', cells) + "\n");

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((column, "value-too-long"), (issue.Column, issue.Code));
        Assert.Equal($"This value has {length:N0} characters; {field} may have at most {limit:N0}.", issue.Message);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void Values_at_their_maximum_lengths_apply()
    {
        var notes = new string('n', ValueLimits.CustomField);
        var first = new string('f', ValueLimits.Name);

        var plan = Plan(Full, FullHeader + $"ann@example.com,{first},Lee,E1,Learner,,,{notes}\n");

        Assert.Empty(plan.Issues);
        var user = Assert.Single(plan.Changes).User;
        Assert.Equal((first, notes), (user.FirstName, user.CustomFields["notes"]));
    }

    [Fact]
    public void Values_too_long_together_are_a_row_error_and_the_user_is_unchanged_but_present()
    {
        var fields = Enumerable.Range(0, 9).Select(i => (PlatformFields.Custom($"f{i}"), $"F{i}")).ToArray();
        var header = "Email,First,Last," + string.Join(',', fields.Select(f => f.Item2)) + "\n";
        var cells = string.Join(',', fields.Select(_ => new string('v', ValueLimits.CustomField))); // each fits, 36,000 together

        var plan = Plan(MappingOf(fields), header + $"ann@example.com,Ann,Lee,{cells}\n", FeedUser("ann@example.com"));

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((1, "", "row-too-long"), (issue.Row, issue.Column, issue.Code));
        Assert.Equal("This row's values have 36,021 characters together; a user may store at most 32,000.", issue.Message);
        Assert.Empty(plan.Changes);
        Assert.Equal(0, plan.Counts.Deactivated);
    }

    [Fact]
    public void A_transform_that_makes_a_value_too_long_is_judged_on_what_it_makes()
    {
        var mapping = MappingOf() with
        {
            Transforms = new Dictionary<string, FieldTransform> { [PlatformFields.FirstName] = new FieldTransform("concat", Columns: ["Last"], Separator: "") },
        };

        var plan = Plan(mapping, $"Email,First,Last\nann@example.com,{new string('a', 200)},{new string('b', 200)}\n");

        var issue = Assert.Single(plan.Issues);
        Assert.Equal(("First", "value-too-long"), (issue.Column, issue.Code));
        Assert.Equal("This value has 400 characters; firstName may have at most 256.", issue.Message);
    }
}
