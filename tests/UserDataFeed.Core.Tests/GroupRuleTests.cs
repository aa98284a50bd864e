using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>The groups rules (<c>ImportPlanner.GroupsArePipeOrCommaSeparated</c> and the rest), through <see cref="ImportPlanner.Plan(PreparedFile, IUserIndex, HoldThreshold, DateTimeOffset)"/>.</summary>
public sealed class GroupRuleTests
{
    private static readonly FeedMapping Groups = MappingOf((PlatformFields.Groups, "Groups"));

    private const string Header = "Email,First,Last,Groups\n";

    private static readonly string Sales = GroupNames.Id("Sales"), Onboarding = GroupNames.Id("Onboarding"), Legal = GroupNames.Id("Legal"), Board = GroupNames.Id("Board");

    [Fact]
    public void Groups_are_pipe_or_comma_separated_trimmed_and_each_once_in_any_case()
    {
        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,\" Sales | sales ,Onboarding,,|\"\n");

        Assert.Equal([Onboarding, Sales], Assert.Single(plan.Changes).User.FeedGroups);
        Assert.Equal(2, plan.Counts.Groups);
        Assert.Empty(plan.Issues);
    }

    [Fact]
    public void A_group_is_named_as_the_file_first_writes_it_and_later_spellings_are_the_same_group()
    {
        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,SALES team\nbob@example.com,Bob,Ray,sales  Team\n");

        var group = Assert.Single(plan.Groups);
        Assert.Equal((GroupNames.Id("sales team"), "SALES team"), (group.Key, group.Value));
        Assert.All(plan.Changes, c => Assert.Equal([group.Key], c.User.FeedGroups));
        Assert.StartsWith("sales-team-", group.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_name_over_the_longest_is_a_warning_and_is_left_out()
    {
        var longName = new string('x', GroupNames.MaxLength + 1);
        var plan = Plan(Groups, Header + $"ann@example.com,Ann,Lee,Sales|{longName}\n");

        Assert.Equal([Sales], Assert.Single(plan.Changes).User.FeedGroups);
        var warning = Assert.Single(plan.Issues);
        Assert.Equal((1, "Groups", longName, "group-name-too-long", IssueSeverity.Warning), (warning.Row, warning.Column, warning.Value, warning.Code, warning.Severity));
    }

    [Fact]
    public void Row_listing_more_groups_than_the_most_is_a_row_error_and_the_user_is_unchanged()
    {
        var many = string.Join('|', Enumerable.Range(1, GroupNames.MaxPerUser + 1).Select(i => $"G{i}"));
        var ann = FeedUser("ann@example.com") with { FeedGroups = [Sales] };

        var plan = Plan(Groups, Header + $"ann@example.com,Ann,Lee,{many}\n", ann);

        Assert.Empty(plan.Changes);
        var error = Assert.Single(plan.Issues);
        Assert.Equal((1, "Groups", "too-many-groups", IssueSeverity.Error), (error.Row, error.Column, error.Code, error.Severity));
        Assert.Equal(0, plan.Counts.Groups); // a row in error names no group
    }

    [Fact]
    public void Platform_groups_are_never_removed_by_the_feed_and_feed_groups_follow_the_latest_file()
    {
        var ann = FeedUser("ann@example.com") with { FeedGroups = [Legal, Sales], PlatformGroups = [Board] };

        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,Sales|Onboarding\n", ann);

        var change = Assert.IsType<UserChange.Replace>(Assert.Single(plan.Changes));
        Assert.Equal([Onboarding, Sales], change.User.FeedGroups);
        Assert.Equal([Board], change.User.PlatformGroups);
        Assert.Equal([Board, Onboarding, Sales], change.User.Groups);
        Assert.Equal([Legal, Sales], change.FormerFeedGroups); // the store ends Legal and starts Onboarding
        Assert.Equal(1, plan.Counts.Updated);
    }

    [Fact]
    public void Platform_membership_of_a_group_the_file_also_lists_stays_when_the_file_drops_it()
    {
        var ann = FeedUser("ann@example.com") with { FeedGroups = [Sales], PlatformGroups = [Sales] };

        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,\n", ann);

        var user = Assert.Single(plan.Changes).User;
        Assert.Empty(user.FeedGroups);
        Assert.Equal([Sales], user.Groups);
    }

    [Fact]
    public void Blank_groups_cell_clears_the_feed_groups()
    {
        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,\n", FeedUser("ann@example.com") with { FeedGroups = [Sales] });

        Assert.Empty(Assert.Single(plan.Changes).User.FeedGroups);
    }

    [Fact]
    public void Groups_not_mapped_keep_the_feed_groups_an_earlier_file_gave()
    {
        var plan = Plan(MappingOf(), "Email,First,Last\nann@example.com,Bea,Lee\n", FeedUser("ann@example.com") with { FeedGroups = [Sales] });

        Assert.Equal([Sales], Assert.Single(plan.Changes).User.FeedGroups);
        Assert.Empty(plan.Groups);
        Assert.Equal(0, plan.Counts.Groups);
    }

    [Fact]
    public void Same_groups_in_another_order_and_case_leave_the_user_unchanged()
    {
        var ann = FeedUser("ann@example.com") with { FeedGroups = [Onboarding, Sales] };

        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,SALES|onboarding\n", ann);

        Assert.Empty(plan.Changes);
        Assert.Equal(1, plan.Counts.Unchanged);
    }

    [Fact]
    public void New_user_gets_the_groups_of_their_row()
    {
        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,Sales\n");

        var create = Assert.IsType<UserChange.Create>(Assert.Single(plan.Changes));
        Assert.Equal([Sales], create.User.FeedGroups);
        Assert.Equal("Sales", plan.Groups[Sales]);
    }

    [Fact]
    public void Absent_feed_user_is_deactivated_and_keeps_their_groups()
    {
        var plan = Plan(Groups, Header + "ann@example.com,Ann,Lee,Sales\n",
            FeedUser("ann@example.com") with { FeedGroups = [Sales] }, FeedUser("bob@example.com") with { FeedGroups = [Sales] });

        var bob = plan.ChangeFor("bob@example.com");
        Assert.Equal(ChangeKind.Deactivate, bob.Kind);
        Assert.Equal([Sales], bob.User.FeedGroups);
        Assert.Null(((UserChange.Replace)bob).FormerFeedGroups); // no membership moves
    }

    [Fact]
    public void Applying_a_file_of_groups_then_planning_it_again_changes_nothing()
    {
        var csv = Header + "ann@example.com,Ann,Lee,Sales|Legal\nbob@example.com,Bob,Ray,\ncat@example.com,Cat,Poe,legal\n";
        var users = new[] { FeedUser("ann@example.com") with { FeedGroups = [Sales], PlatformGroups = [Board] }, PlatformUser("cat@example.com") with { PlatformGroups = [Legal] } };

        var applied = InMemoryUsers.Apply(users, Plan(Groups, csv, users));
        var again = Plan(Groups, csv, [.. applied]);

        Assert.Empty(again.Changes);
        Assert.Equal([Board, Legal, Sales], applied.Single(u => u.Email == "ann@example.com").Groups);
        Assert.Equal([Legal], applied.Single(u => u.Email == "cat@example.com").Groups);
    }

    [Fact]
    public void Group_ids_are_url_safe_readable_and_the_same_for_every_spelling()
    {
        Assert.Equal(GroupNames.Id("Ventes Île-de-France"), GroupNames.Id("  VENTES  île-de-france "));
        Assert.Matches("^ventes-le-de-france-[0-9a-f]{12}$", GroupNames.Id("Ventes Île-de-France"));
        Assert.Matches("^g-[0-9a-f]{12}$", GroupNames.Id("営業"));
        Assert.NotEqual(GroupNames.Id("Sales 1"), GroupNames.Id("Sales-1"));
        Assert.True(GroupNames.IsId(GroupNames.Id("Sales")));
        Assert.False(GroupNames.IsId("Sales"));
    }
}
