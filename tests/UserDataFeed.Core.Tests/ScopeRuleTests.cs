using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>The mapping's scope (<see cref="ImportPlanner.RowIsOutOfScope"/>), through <see cref="ImportPlanner.Plan(PreparedFile, IUserIndex, HoldThreshold, DateTimeOffset)"/>.</summary>
public sealed class ScopeRuleTests
{
    private static readonly FeedMapping Employees = MappingOf() with { Scope = [new ScopeRule("Worker Type", In: ["Employee"])] };

    private const string Header = "Email,First,Last,Worker Type\n";

    [Fact]
    public void Rows_out_of_scope_are_not_applied_and_are_counted()
    {
        var plan = Plan(Employees, Header + "ann@example.com,Ann,Lee,Employee\nbob@example.com,Bob,Ray,Contractor\ncat@example.com,Cat,Poe, employee \n");

        Assert.Equal(["ann@example.com", "cat@example.com"], plan.Changes.Select(c => c.Email).Order());
        Assert.Equal((3, 1, 2), (plan.Counts.Rows, plan.Counts.OutOfScope, plan.Counts.Created));
    }

    [Fact]
    public void Feed_user_whose_row_moves_out_of_scope_is_deactivated_like_a_leaver()
    {
        var plan = Plan(Employees, Header + "ann@example.com,Ann,Lee,Employee\nbob@example.com,Bob,Ray,Contractor\n",
            FeedUser("ann@example.com"), FeedUser("bob@example.com"));

        var change = plan.ChangeFor("bob@example.com");
        Assert.Equal(ChangeKind.Deactivate, change.Kind);
        Assert.True(change.User.DeactivatedForAbsence);
        Assert.Equal((1, 1), (plan.Counts.Deactivated, plan.Counts.OutOfScope));
    }

    [Fact]
    public void Platform_user_out_of_scope_is_left_alone()
    {
        var plan = Plan(Employees, Header + "ann@example.com,Ann,Lee,Employee\npat@example.com,Pat,Kim,Contractor\n",
            FeedUser("ann@example.com"), PlatformUser("pat@example.com"));

        Assert.Empty(plan.Changes);
        Assert.Equal(1, plan.Counts.OutOfScope);
    }

    [Fact]
    public void Row_out_of_scope_is_not_checked_so_its_bad_values_are_no_errors()
    {
        var plan = Plan(Employees, Header + "ann@example.com,Ann,Lee,Employee\nnot-an-email,,,Contractor\n");

        Assert.Empty(plan.Issues);
        Assert.Equal(1, plan.Counts.OutOfScope);
    }

    [Fact]
    public void Not_in_leaves_out_the_listed_values_and_every_rule_must_hold()
    {
        var mapping = MappingOf() with
        {
            Scope = [new ScopeRule("Worker Type", NotIn: ["Contractor", "Intern"]), new ScopeRule("Country", In: ["NZ", "AU"])],
        };
        var plan = Plan(mapping, "Email,First,Last,Worker Type,Country\n"
            + "ann@example.com,Ann,Lee,Employee,NZ\nbob@example.com,Bob,Ray,intern,NZ\ncat@example.com,Cat,Poe,Employee,US\ndan@example.com,Dan,Oz,,au\n");

        Assert.Equal(["ann@example.com", "dan@example.com"], plan.Changes.Select(c => c.Email).Order());
        Assert.Equal(2, plan.Counts.OutOfScope);
    }

    [Fact]
    public void Scope_column_may_also_feed_a_field()
    {
        var mapping = MappingOf((PlatformFields.Custom("type"), "Worker Type")) with { Scope = [new ScopeRule("Worker Type", In: ["Employee"])] };

        var plan = Plan(mapping, Header + "ann@example.com,Ann,Lee,Employee\nbob@example.com,Bob,Ray,Contractor\n");

        Assert.Equal("Employee", Assert.Single(plan.Changes).User.CustomFields["type"]);
    }

    [Fact]
    public void File_whose_rows_are_all_out_of_scope_is_held_as_an_empty_file_would_be()
    {
        var plan = Plan(Employees, Header + "ann@example.com,Ann,Lee,Contractor\n", FeedUser("ann@example.com"));

        Assert.True(plan.Held);
        Assert.Contains("in the mapping's scope", plan.HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_many_users_out_of_scope_is_judged_by_the_hold()
    {
        var users = Enumerable.Range(0, 20).Select(i => FeedUser($"u{i}@example.com")).ToArray();
        var csv = Header + string.Concat(Enumerable.Range(0, 20).Select(i => $"u{i}@example.com,Ann,Lee,{(i < 9 ? "Employee" : "Contractor")}\n"));

        var plan = Plan(Employees, csv, users);

        Assert.True(plan.Held);
        Assert.Contains("11 of 20", plan.HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_whose_cell_count_differs_is_an_error_not_out_of_scope()
    {
        var plan = Plan(Employees, Header + "ann@example.com,Ann,Lee,Employee\nbob@example.com,Bob,Contractor\n", FeedUser("bob@example.com"));

        Assert.Equal("cell-count", Assert.Single(plan.Issues).Code);
        Assert.Equal(0, plan.Counts.OutOfScope);
        Assert.DoesNotContain(plan.Changes, c => c.Email == "bob@example.com"); // present, unchanged
    }

    [Fact]
    public void Missing_scope_column_refuses_the_file()
    {
        var layout = new FieldLayout(Employees);

        var ex = Assert.Throws<Csv.InvalidFeedFileException>(() => Rows(Employees, "Email,First,Last\nann@example.com,Ann,Lee\n"));

        Assert.Contains("'Worker Type'", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(3, layout.Count);
    }

    [Theory]
    [InlineData("", new[] { "Employee" }, null, "must not be blank")]
    [InlineData("Worker Type", null, null, "exactly one of 'in'")]
    [InlineData("Worker Type", new[] { "Employee" }, new[] { "Intern" }, "exactly one of 'in'")]
    [InlineData("Worker Type", new string[0], null, "1 to 100 values")]
    public void Invalid_scope_rules_are_refused_with_the_rule_and_the_reason(string column, string[]? isIn, string[]? notIn, string reason)
    {
        var errors = ScopeRule.Validate([new ScopeRule("Country", In: ["NZ"]), new ScopeRule(column, isIn, notIn)]);

        var (key, messages) = Assert.Single(errors);
        Assert.Equal("scope[1]", key);
        Assert.Contains(messages, m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void At_most_ten_rules()
    {
        var errors = ScopeRule.Validate([.. Enumerable.Range(0, 11).Select(i => new ScopeRule($"C{i}", In: ["x"]))]);

        Assert.Equal("scope", Assert.Single(errors).Key);
    }
}
