using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>The mapping's transforms (<see cref="FieldTransform"/>), through <c>ImportPlanner.Plan</c>.</summary>
public sealed class TransformRuleTests
{
    private static FeedMapping With(params (string Field, FieldTransform Transform)[] transforms) =>
        MappingOf((PlatformFields.Custom("dept"), "Dept")) with { Transforms = transforms.ToDictionary(t => t.Field, t => t.Transform) };

    private const string Header = "Email,First,Last,Dept,Preferred,Middle\n";

    [Fact]
    public void Lower_and_upper_change_the_case_before_the_value_is_stored()
    {
        var plan = Plan(With((PlatformFields.Email, new FieldTransform("lower")), (PlatformFields.LastName, new FieldTransform("upper"))),
            Header + " ANN@Example.COM ,Ann,Lee,Sales,,\n");

        var user = Assert.Single(plan.Changes).User;
        Assert.Equal(("ann@example.com", "LEE"), (user.Email, user.LastName));
    }

    [Fact]
    public void Default_fills_a_blank_cell_so_a_required_field_is_no_longer_an_error()
    {
        var plan = Plan(With((PlatformFields.LastName, new FieldTransform("default", Value: "Unknown")), (PlatformFields.Custom("dept"), new FieldTransform("default", Value: "General"))),
            Header + "ann@example.com,Ann,,,,\nbob@example.com,Bob,Ray,Ops,,\n");

        Assert.Empty(plan.Issues);
        Assert.Equal(("Unknown", "General"), (plan.ChangeFor("ann@example.com").User.LastName, plan.ChangeFor("ann@example.com").User.CustomFields["dept"]));
        Assert.Equal("Ops", plan.ChangeFor("bob@example.com").User.CustomFields["dept"]);
    }

    [Fact]
    public void Map_replaces_listed_values_in_any_case_and_keeps_the_others()
    {
        var map = new FieldTransform("map", Values: new Dictionary<string, string> { ["HR"] = "Human Resources", ["IT"] = "Information Technology" });

        var plan = Plan(With((PlatformFields.Custom("dept"), map)), Header + "ann@example.com,Ann,Lee,hr,,\nbob@example.com,Bob,Ray,Sales,,\n");

        Assert.Equal("Human Resources", plan.ChangeFor("ann@example.com").User.CustomFields["dept"]);
        Assert.Equal("Sales", plan.ChangeFor("bob@example.com").User.CustomFields["dept"]);
    }

    [Fact]
    public void Map_that_refuses_unmatched_values_makes_them_row_errors_and_the_user_unchanged()
    {
        var map = new FieldTransform("map", Values: new Dictionary<string, string> { ["HR"] = "Human Resources" }, Unmatched: "error");

        var plan = Plan(With((PlatformFields.Custom("dept"), map)), Header + "ann@example.com,Ann,Lee,Sales,,\n", FeedUser("ann@example.com"));

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((1, "Dept", "Sales", "unmapped-value", IssueSeverity.Error), (issue.Row, issue.Column, issue.Value, issue.Code, issue.Severity));
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void Coalesce_takes_the_first_non_blank_of_the_fields_column_then_the_others()
    {
        var mapping = With((PlatformFields.FirstName, new FieldTransform("coalesce", Columns: ["First"]))) with
        {
            Fields = new Dictionary<string, string> { ["email"] = "Email", ["firstName"] = "Preferred", ["lastName"] = "Last" },
        };

        var plan = Plan(mapping, Header + "ann@example.com,Ann,Lee,,Annie,\nbob@example.com,Bob,Ray,,,\n");

        Assert.Equal(("Annie", "Bob"), (plan.ChangeFor("ann@example.com").User.FirstName, plan.ChangeFor("bob@example.com").User.FirstName));
    }

    [Fact]
    public void Concat_joins_the_non_blank_values_with_the_separator()
    {
        var plan = Plan(With((PlatformFields.FirstName, new FieldTransform("concat", Columns: ["Middle"], Separator: " "))),
            Header + "ann@example.com,Ann,Lee,,,Marie\nbob@example.com,Bob,Ray,,,\n");

        Assert.Equal(("Ann Marie", "Bob"), (plan.ChangeFor("ann@example.com").User.FirstName, plan.ChangeFor("bob@example.com").User.FirstName));
    }

    [Fact]
    public void Same_file_and_transforms_again_change_nothing()
    {
        var mapping = With((PlatformFields.Email, new FieldTransform("lower")), (PlatformFields.Custom("dept"), new FieldTransform("default", Value: "General")));
        var csv = Header + "ANN@example.com,Ann,Lee,,,\n";
        var user = Plan(mapping, csv).ChangeFor("ann@example.com").User;

        var again = Plan(mapping, csv, user);

        Assert.Empty(again.Changes);
        Assert.Equal(1, again.Counts.Unchanged);
    }

    [Theory]
    [InlineData("title", null, "not mapped")]
    [InlineData("firstName", "shout", "must be one of")]
    [InlineData("lastName", "default", "non-blank 'value'")]
    [InlineData("email", "map", "needs 'values'")]
    [InlineData("email", "coalesce", "needs 'columns'")]
    public void Invalid_transforms_are_refused_with_the_field_and_the_reason(string field, string? kind, string reason)
    {
        var fields = MappingOf().Fields;
        var transform = kind is null ? new FieldTransform("lower") : new FieldTransform(kind);

        var (key, messages) = Assert.Single(FieldTransform.Validate(new Dictionary<string, FieldTransform?> { [field] = transform }, fields));

        Assert.Equal($"transforms.{field}", key);
        Assert.Contains(messages, m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_the_kind_does_not_take_is_refused()
    {
        var errors = FieldTransform.Validate(new Dictionary<string, FieldTransform?> { ["email"] = new FieldTransform("lower", Separator: "-") }, MappingOf().Fields);

        Assert.Contains("takes no 'separator'", Assert.Single(errors["transforms.email"]), StringComparison.Ordinal);
    }
}
