using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

public sealed class ImportPlannerTests
{
    private static readonly FeedMapping Basic = MappingOf();

    [Fact]
    public void Row_matching_no_user_creates_a_feed_user()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n");

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Create, change.Kind);
        Assert.Equal(CreatedBy.Feed, change.User.CreatedBy);
        Assert.True(change.User.Active);
        Assert.Equal(("Ann", "Lee"), (change.User.FirstName, change.User.LastName));
        Assert.Equal(1, plan.Counts.Created);
    }

    [Fact]
    public void Values_are_trimmed_and_emails_match_case_insensitively()
    {
        var plan = Plan(Basic, "Email,First,Last\n  ANN@Example.com , Ann ,  Lee \n", FeedUser("ann@example.com"));

        Assert.DoesNotContain(plan.Changes, c => c.Kind == ChangeKind.Create);
        var change = plan.ChangeFor("ann@example.com");
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("ANN@Example.com", change.User.Email);
        Assert.Equal("Ann", change.User.FirstName);
        Assert.Null(change.PreviousEmail);
    }

    [Fact]
    public void Unchanged_user_is_not_rewritten()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"));

        Assert.Empty(plan.Changes);
        Assert.Equal(1, plan.Counts.Unchanged);
    }

    [Fact]
    public void Changed_name_updates_the_user_and_keeps_its_history()
    {
        var existing = FeedUser("ann@example.com");
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Annie,Lee\n", existing);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("Annie", change.User.FirstName);
        Assert.Equal(existing.UserId, change.User.UserId);
        Assert.Equal(existing.CreatedAt, change.User.CreatedAt);
        Assert.Equal(Now, change.User.UpdatedAt);
    }

    [Fact]
    public void Absent_feed_user_is_deactivated()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), FeedUser("bob@example.com"));

        var change = plan.ChangeFor("bob@example.com");
        Assert.Equal(ChangeKind.Deactivate, change.Kind);
        Assert.False(change.User.Active);
        Assert.True(change.User.DeactivatedForAbsence);
        Assert.Equal(1, plan.Counts.Deactivated);
    }

    [Fact]
    public void Absent_platform_user_is_never_deactivated()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), PlatformUser("pat@example.com"));

        Assert.Empty(plan.Changes);
        Assert.Equal(0, plan.Counts.Deactivated);
    }

    [Fact]
    public void Already_inactive_absent_feed_user_is_left_alone()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n",
            FeedUser("ann@example.com"), FeedUser("bob@example.com") with { InactiveBecause = InactiveReason.Absence });

        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void Feed_user_deactivated_for_absence_is_reactivated_when_listed_again()
    {
        var plan = Plan(Basic, "Email,First,Last\nbob@example.com,Ann,Lee\n",
            FeedUser("bob@example.com") with { InactiveBecause = InactiveReason.Absence });

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Reactivate, change.Kind);
        Assert.True(change.User.Active);
        Assert.False(change.User.DeactivatedForAbsence);
        Assert.Equal(1, plan.Counts.Reactivated);
    }

    [Fact]
    public void Row_with_invalid_email_is_a_row_error_with_row_and_column()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\nnot-an-email,Bob,Ray\n");

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((2, "Email", "not-an-email", "invalid-email", IssueSeverity.Error), (issue.Row, issue.Column, issue.Value, issue.Code, issue.Severity));
        Assert.Equal(1, plan.Counts.Created);
        Assert.Equal(1, plan.Counts.Errors);
    }

    [Theory]
    [InlineData("ann@example.com,,Lee", "First", "missing-first-name")]
    [InlineData("ann@example.com,Ann,", "Last", "missing-last-name")]
    [InlineData(",Ann,Lee", "Email", "missing-email")]
    public void Row_missing_a_required_field_is_a_row_error_and_the_user_is_unchanged(string row, string column, string code)
    {
        var plan = Plan(Basic, $"Email,First,Last\n{row}\n", FeedUser("ann@example.com", "Old", "Name"));

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((column, code), (issue.Column, issue.Code));
        Assert.DoesNotContain(plan.Changes, c => c.User.Email == "ann@example.com" && c.Kind != ChangeKind.Deactivate);
    }

    [Fact]
    public void Row_in_error_still_counts_as_present()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,,Lee\n", FeedUser("ann@example.com"));

        Assert.Empty(plan.Changes);
        Assert.Equal(0, plan.Counts.Deactivated);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("Active", true)]
    [InlineData("INACTIVE", false)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("yes", true)]
    [InlineData("No", false)]
    public void Mapped_status_accepts_the_canonical_and_named_values(string value, bool active)
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), $"Email,First,Last,Status\nann@example.com,Ann,Lee,{value}\n");

        Assert.Empty(plan.Issues);
        Assert.Equal(active, Assert.Single(plan.Changes).User.Active);
    }

    [Theory]
    [InlineData("", "missing-status")]
    [InlineData("maybe", "invalid-status")]
    [InlineData("2", "invalid-status")]
    public void Mapped_status_that_is_blank_or_unknown_is_a_row_error_and_the_user_is_unchanged(string value, string code)
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), $"Email,First,Last,Status\nann@example.com,Annie,Lee,{value}\n", FeedUser("ann@example.com"));

        Assert.Equal(code, Assert.Single(plan.Issues).Code);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void Status_0_deactivates_a_listed_user_without_marking_absence()
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), "Email,First,Last,Status\nann@example.com,Ann,Lee,0\n", FeedUser("ann@example.com"));

        var change = Assert.Single(plan.Changes);
        Assert.False(change.User.Active);
        Assert.False(change.User.DeactivatedForAbsence);
    }

    [Fact]
    public void Status_0_for_an_active_user_counts_as_a_deactivation()
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), "Email,First,Last,Status\nann@example.com,Ann,Lee,0\n", FeedUser("ann@example.com"));

        Assert.Equal(ChangeKind.Deactivate, Assert.Single(plan.Changes).Kind);
        Assert.Equal((1, 0), (plan.Counts.Deactivated, plan.Counts.Updated));
    }

    [Fact]
    public void File_setting_every_feed_user_to_status_0_is_held()
    {
        var users = Enumerable.Range(0, 30).Select(i => FeedUser($"u{i}@example.com")).ToArray();
        var csv = "Email,First,Last,Status\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"u{i}@example.com,Ann,Lee,0\n"));

        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), csv, users);

        Assert.True(plan.Held);
        Assert.Contains("30 of 30", plan.HoldReason, StringComparison.Ordinal);
        Assert.Equal(30, plan.Counts.Deactivated);
    }

    [Fact]
    public void Hold_judges_absence_and_status_deactivations_together()
    {
        // 6 absent + 6 set to 0 of 20: neither cause alone passes "more than 10", together they do.
        var users = Enumerable.Range(0, 20).Select(i => FeedUser($"u{i}@example.com")).ToArray();
        var csv = "Email,First,Last,Status\n" + string.Concat(Enumerable.Range(0, 14).Select(i => $"u{i}@example.com,Ann,Lee,{(i < 6 ? 0 : 1)}\n"));

        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), csv, users);

        Assert.Equal(12, plan.Counts.Deactivated);
        Assert.True(plan.Held);
    }

    [Fact]
    public void Platform_users_set_to_status_0_are_deactivations_judged_against_the_users_the_feed_manages()
    {
        var users = Enumerable.Range(0, 12).Select(i => PlatformUser($"p{i}@example.com", "Ann", "Lee")).ToArray();
        var csv = "Email,First,Last,Status\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"p{i}@example.com,Ann,Lee,0\n"));

        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), csv, users);

        Assert.Equal(12, plan.Counts.Deactivated);
        Assert.True(plan.Held);
        Assert.Contains("12 of 12", plan.HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public void User_created_inactive_is_not_a_deactivation()
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), "Email,First,Last,Status\nann@example.com,Ann,Lee,0\n");

        Assert.Equal((1, 0), (plan.Counts.Created, plan.Counts.Deactivated));
    }

    [Fact]
    public void Unmapped_status_makes_every_listed_user_active()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n", PlatformUser("ann@example.com", "Ann", "Lee") with { InactiveBecause = InactiveReason.StatusColumn });

        Assert.True(Assert.Single(plan.Changes).User.Active);
    }

    [Fact]
    public void User_blocked_by_the_platform_and_listed_active_stays_inactive_with_a_warning()
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), "Email,First,Last,Status\nann@example.com,Ann,Lee,1\nbob@example.com,Bob,Ray,active\n",
            FeedUser("ann@example.com"), Blocked(FeedUser("bob@example.com", "Bob", "Ray")));

        Assert.Empty(plan.Changes);
        Assert.Equal((0, 2), (plan.Counts.Reactivated, plan.Counts.Unchanged));
        var warning = Assert.Single(plan.Issues);
        Assert.Equal((2, "Status", "active", "blocked-by-platform", IssueSeverity.Warning), (warning.Row, warning.Column, warning.Value, warning.Code, warning.Severity));
        Assert.Contains("stay inactive", warning.Message, StringComparison.Ordinal);
        Assert.Contains("admin deactivated", warning.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1), (plan.Counts.Errors, plan.Counts.Warnings));
    }

    [Fact]
    public void User_blocked_by_the_platform_and_listed_without_a_status_column_is_warned_on_the_email()
    {
        var plan = Plan(Basic, "Email,First,Last\n bob@example.com ,Bob,Ray\n", Blocked(FeedUser("bob@example.com", "Bob", "Ray")));

        Assert.Empty(plan.Changes);
        var warning = Assert.Single(plan.Issues);
        Assert.Equal((1, "Email", "bob@example.com", "blocked-by-platform"), (warning.Row, warning.Column, warning.Value, warning.Code));
    }

    [Fact]
    public void User_blocked_by_the_platform_and_listed_inactive_gets_no_warning()
    {
        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), "Email,First,Last,Status\nbob@example.com,Bob,Ray,0\n", Blocked(FeedUser("bob@example.com", "Bob", "Ray")));

        Assert.Empty(plan.Changes);
        Assert.Empty(plan.Issues);
        Assert.Equal(0, plan.Counts.Deactivated);
    }

    [Fact]
    public void User_blocked_by_the_platform_still_takes_the_rows_other_values()
    {
        var mapping = MappingOf((PlatformFields.Status, "Status"), (PlatformFields.Roles, "Roles"), (PlatformFields.Custom("dept"), "Dept"));
        var bob = Blocked(FeedUser("bob@example.com", "Bob", "Ray")) with { PlatformRoles = Roles.Administrator };

        var plan = Plan(mapping, "Email,First,Last,Status,Roles,Dept\nbob@example.com,Robert,Ray-Lee,1,Manager,Sales\n", bob);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        var user = change.User;
        Assert.Equal(("Robert", "Ray-Lee", "Sales"), (user.FirstName, user.LastName, user.CustomFields["dept"]));
        Assert.Equal(Roles.Learner | Roles.Manager | Roles.Administrator, user.EffectiveRoles);
        Assert.Equal((false, true, false), (user.Active, user.BlockedByPlatform, user.DeactivatedForAbsence));
        Assert.Equal((1, 0, 0), (plan.Counts.Updated, plan.Counts.Reactivated, plan.Counts.Deactivated));
        Assert.Equal("blocked-by-platform", Assert.Single(plan.Issues).Code);
    }

    [Fact]
    public void User_blocked_by_the_platform_and_absent_is_not_deactivated_again()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), Blocked(FeedUser("bob@example.com")));

        Assert.Empty(plan.Changes);
        Assert.Equal(0, plan.Counts.Deactivated);
        Assert.Empty(plan.Issues);
    }

    [Fact]
    public void Once_the_platform_lifts_the_block_the_next_file_reactivates_the_user()
    {
        const string Csv = "Email,First,Last,Status\nbob@example.com,Bob,Ray,1\n";
        var mapping = MappingOf((PlatformFields.Status, "Status"));
        var blocked = Blocked(FeedUser("bob@example.com", "Bob", "Ray"));
        var whileBlocked = InMemoryUsers.Apply([blocked], Plan(mapping, Csv, blocked));

        // The block alone keeps them: inactive for any other reason (here as a status column had said), the row reactivates them.
        var lifted = Assert.Single(whileBlocked) with { InactiveBecause = InactiveReason.StatusColumn };
        var plan = Plan(mapping, Csv, lifted);

        Assert.False(Assert.Single(whileBlocked).Active);
        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Reactivate, change.Kind);
        Assert.Equal((true, false), (change.User.Active, change.User.BlockedByPlatform));
        Assert.Equal(1, plan.Counts.Reactivated);
        Assert.Empty(plan.Issues);
    }

    [Fact]
    public void The_hold_counts_no_user_blocked_by_the_platform()
    {
        // 11 blocked users listed with status 0 and 3 active ones: only the 3 are deactivations, of the 3 active users the feed manages.
        var users = Enumerable.Range(0, 14).Select(i => i < 11 ? Blocked(FeedUser($"u{i}@example.com")) : FeedUser($"u{i}@example.com")).ToArray();
        var allInactive = "Email,First,Last,Status\n" + string.Concat(Enumerable.Range(0, 14).Select(i => $"u{i}@example.com,Ann,Lee,0\n"));

        var plan = Plan(MappingOf((PlatformFields.Status, "Status")), allInactive, users);

        Assert.Equal((3, 0), (plan.Counts.Deactivated, plan.Counts.Reactivated));
        Assert.False(plan.Held);

        // An empty file with only blocked feed users: no active user the feed manages, so nothing to hold.
        Assert.False(Plan(Basic, "Email,First,Last\n", users[..11]).Held);
    }

    [Fact]
    public void The_hold_judges_absence_against_the_active_users_only_not_the_blocked_ones_listed_active()
    {
        // 12 active feed users of whom 11 are absent; 20 blocked ones listed active stay inactive and are not in the share.
        var users = Enumerable.Range(0, 32).Select(i => i < 20 ? Blocked(FeedUser($"b{i}@example.com")) : FeedUser($"a{i}@example.com")).ToArray();
        var csv = "Email,First,Last\n" + string.Concat(Enumerable.Range(0, 21).Select(i => i < 20 ? $"b{i}@example.com,Ann,Lee\n" : $"a{i}@example.com,Ann,Lee\n"));

        var plan = Plan(Basic, csv, users);

        Assert.True(plan.Held);
        Assert.Contains("11 of 12", plan.HoldReason, StringComparison.Ordinal);
        Assert.Equal((11, 0), (plan.Counts.Deactivated, plan.Counts.Reactivated));
        Assert.Equal(20, plan.Issues.Count(i => i.Code == "blocked-by-platform"));
    }

    [Fact]
    public void Custom_fields_are_set_and_a_blank_cell_clears_the_value()
    {
        var mapping = MappingOf((PlatformFields.Custom("department"), "Dept"), (PlatformFields.Custom("site"), "Site"));
        var existing = FeedUser("ann@example.com") with { CustomFields = new Dictionary<string, string> { ["department"] = "Old", ["site"] = "Paris" } };

        var plan = Plan(mapping, "Email,First,Last,Dept,Site\nann@example.com,Ann,Lee,Sales,\n", existing);

        var fields = Assert.Single(plan.Changes).User.CustomFields;
        Assert.Equal("Sales", fields["department"]);
        Assert.False(fields.ContainsKey("site"));
    }

    [Fact]
    public void Duplicate_matching_keys_are_all_row_errors_and_that_user_is_unchanged_but_present()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,One\nANN@example.com,Ann,Two\nbob@example.com,Bob,Ray\n",
            FeedUser("ann@example.com"));

        Assert.Equal([1, 2], plan.Issues.Where(i => i.Code == "duplicate-key").Select(i => i.Row));
        Assert.DoesNotContain(plan.Changes, c => c.User.Email.Equals("ann@example.com", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, plan.Counts.Deactivated);
        Assert.Equal(1, plan.Counts.Created);
    }

    [Fact]
    public void Roles_are_parsed_pipe_or_comma_separated_in_any_case_and_unknown_names_warn()
    {
        var plan = Plan(MappingOf((PlatformFields.Roles, "Roles")), "Email,First,Last,Roles\nann@example.com,Ann,Lee,\"administrator,Wizard\"\nbob@example.com,Bob,Ray,learner|MANAGER\n");

        Assert.Equal(Roles.Learner | Roles.Administrator, plan.ChangeFor("ann@example.com").User.EffectiveRoles);
        Assert.Equal(Roles.Learner | Roles.Manager, plan.ChangeFor("bob@example.com").User.EffectiveRoles);
        var warning = Assert.Single(plan.Issues);
        Assert.Equal(("unknown-role", "Wizard", IssueSeverity.Warning), (warning.Code, warning.Value, warning.Severity));
        Assert.Equal(1, plan.Counts.Warnings);
    }

    [Fact]
    public void Every_user_is_a_learner()
    {
        var plan = Plan(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n");

        Assert.Equal(Roles.Learner, Assert.Single(plan.Changes).User.EffectiveRoles);
    }

    [Fact]
    public void Platform_granted_roles_are_never_removed_by_the_feed()
    {
        var existing = FeedUser("ann@example.com") with { PlatformRoles = Roles.Administrator, FeedRoles = Roles.Manager };

        var plan = Plan(MappingOf((PlatformFields.Roles, "Roles")), "Email,First,Last,Roles\nann@example.com,Ann,Lee,\n", existing);

        var user = Assert.Single(plan.Changes).User;
        Assert.Equal(Roles.Learner | Roles.Administrator, user.EffectiveRoles);
        Assert.Equal(Roles.None, user.FeedRoles);
    }

    [Fact]
    public void Role_granted_by_an_earlier_file_and_no_longer_listed_is_removed()
    {
        var existing = FeedUser("ann@example.com") with { FeedRoles = Roles.Administrator | Roles.Manager };

        var plan = Plan(MappingOf((PlatformFields.Roles, "Roles")), "Email,First,Last,Roles\nann@example.com,Ann,Lee,Manager\n", existing);

        Assert.Equal(Roles.Learner | Roles.Manager, Assert.Single(plan.Changes).User.EffectiveRoles);
    }

    [Fact]
    public void Listed_manager_becomes_a_manager_and_the_row_user_is_linked()
    {
        var plan = Plan(MappingOf((PlatformFields.Managers, "Manager")),
            "Email,First,Last,Manager\nann@example.com,Ann,Lee,boss@example.com\nboss@example.com,Bo,Ss,\n");

        Assert.Equal(["boss@example.com"], plan.ChangeFor("ann@example.com").User.Managers);
        Assert.True(plan.ChangeFor("boss@example.com").User.EffectiveRoles.HasFlag(Roles.Manager));
        Assert.False(plan.ChangeFor("ann@example.com").User.EffectiveRoles.HasFlag(Roles.Manager));
    }

    [Fact]
    public void Derived_manager_role_is_recomputed_for_users_absent_from_the_file()
    {
        var plan = Plan(MappingOf((PlatformFields.Managers, "Manager")),
            "Email,First,Last,Manager\nann@example.com,Ann,Lee,pat@example.com\n",
            FeedUser("ann@example.com"), PlatformUser("pat@example.com"), PlatformUser("old-boss@example.com") with { DerivedManager = true });

        Assert.True(plan.ChangeFor("pat@example.com").User.DerivedManager);
        Assert.False(plan.ChangeFor("old-boss@example.com").User.DerivedManager);
    }

    [Fact]
    public void User_listed_as_their_own_manager_gets_a_warning_and_not_the_manager_role()
    {
        var plan = Plan(MappingOf((PlatformFields.Managers, "Manager")), "Email,First,Last,Manager\nann@example.com,Ann,Lee,ANN@example.com\n");

        var user = plan.ChangeFor("ann@example.com").User;
        Assert.Empty(user.Managers);
        Assert.False(user.EffectiveRoles.HasFlag(Roles.Manager));
        Assert.Equal("self-manager", Assert.Single(plan.Issues).Code);
    }

    [Fact]
    public void User_listed_as_their_own_manager_and_by_a_report_is_a_manager()
    {
        var plan = Plan(MappingOf((PlatformFields.Managers, "Manager")),
            "Email,First,Last,Manager\nann@example.com,Ann,Lee,ann@example.com\nbob@example.com,Bob,Ray,ann@example.com\n");

        Assert.True(plan.ChangeFor("ann@example.com").User.EffectiveRoles.HasFlag(Roles.Manager));
    }

    [Theory]
    [InlineData("cat@example.com,Cat,Kim, PhD,ann@example.com,Manager,Ops", 7)]
    [InlineData("cat@example.com,Cat,Kim,ann@example.com", 4)]
    public void Row_whose_cell_count_differs_from_the_header_is_a_row_error_and_its_user_is_unchanged_but_present(string row, int cells)
    {
        var mapping = MappingOf((PlatformFields.Managers, "Managers"), (PlatformFields.Roles, "Roles"), (PlatformFields.Custom("dept"), "Dept"));
        var cat = FeedUser("cat@example.com", "Cat", "Kim") with
        {
            Managers = ["ann@example.com"],
            FeedRoles = Roles.Manager,
            CustomFields = new Dictionary<string, string> { ["dept"] = "Ops" },
        };

        var plan = Plan(mapping, "Email,First,Last,Managers,Roles,Dept\nann@example.com,Ann,Lee,,,Ops\n" + row + "\n", FeedUser("ann@example.com"), cat);

        var issue = Assert.Single(plan.Issues);
        Assert.Equal((2, "cell-count", IssueSeverity.Error), (issue.Row, issue.Code, issue.Severity));
        Assert.Contains($"{cells} cells", issue.Message, StringComparison.Ordinal);
        Assert.Contains("header has 6", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Changes, c => c.User.Email == "cat@example.com");
        Assert.Equal(0, plan.Counts.Deactivated);
    }

    [Fact]
    public void Manager_who_is_not_a_user_is_a_row_warning_and_the_link_is_skipped()
    {
        var plan = Plan(MappingOf((PlatformFields.Managers, "Manager")), "Email,First,Last,Manager\nann@example.com,Ann,Lee,ghost@example.com|\n");

        var warning = Assert.Single(plan.Issues);
        Assert.Equal(("unknown-manager", "ghost@example.com", IssueSeverity.Warning), (warning.Code, warning.Value, warning.Severity));
        Assert.Empty(plan.ChangeFor("ann@example.com").User.Managers);
    }

    [Fact]
    public void External_id_matches_first_and_a_changed_email_updates_that_user()
    {
        var existing = FeedUser("ann@old.example.com") with { ExternalId = "E1" };

        var plan = Plan(MappingOf((PlatformFields.ExternalId, "EmployeeId")), "Email,First,Last,EmployeeId\nann@new.example.com,Ann,Lee,E1\n", existing);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal(existing.UserId, change.User.UserId);
        Assert.Equal("ann@new.example.com", change.User.Email);
        Assert.Equal("ann@old.example.com", change.PreviousEmail);
        Assert.Equal(0, plan.Counts.Created + plan.Counts.Deactivated);
    }

    [Fact]
    public void External_id_change_of_email_to_another_users_email_is_a_row_error()
    {
        var plan = Plan(MappingOf((PlatformFields.ExternalId, "EmployeeId")), "Email,First,Last,EmployeeId\nbob@example.com,Ann,Lee,E1\nbob@example.com,Bob,Ray,E2\n",
            FeedUser("ann@example.com") with { ExternalId = "E1" }, FeedUser("bob@example.com") with { ExternalId = "E2" });

        Assert.All(plan.Issues, i => Assert.Equal("duplicate-email", i.Code));
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void External_id_row_whose_email_belongs_to_a_user_with_another_external_id_is_a_row_error()
    {
        var plan = Plan(MappingOf((PlatformFields.ExternalId, "EmployeeId")), "Email,First,Last,EmployeeId\nbob@example.com,Ann,Lee,E1\n",
            FeedUser("ann@example.com") with { ExternalId = "E1" }, PlatformUser("bob@example.com") with { ExternalId = "E2" });

        Assert.Equal("email-taken", Assert.Single(plan.Issues).Code);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void Blank_external_id_when_mapped_is_a_row_error()
    {
        var plan = Plan(MappingOf((PlatformFields.ExternalId, "EmployeeId")), "Email,First,Last,EmployeeId\nann@example.com,Ann,Lee,\n");

        Assert.Equal("missing-external-id", Assert.Single(plan.Issues).Code);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void File_deactivating_more_than_the_threshold_is_held()
    {
        var users = Enumerable.Range(0, 20).Select(i => FeedUser($"u{i}@example.com")).ToArray();
        var csv = "Email,First,Last\n" + string.Concat(Enumerable.Range(0, 9).Select(i => $"u{i}@example.com,Ann,Lee\n"));

        var plan = Plan(Basic, csv, users);

        Assert.True(plan.Held);
        Assert.Contains("11 of 20", plan.HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Deactivating_few_users_is_not_held_even_above_the_percentage()
    {
        var plan = Plan(Basic, "Email,First,Last\nu0@example.com,Ann,Lee\n", Enumerable.Range(0, 5).Select(i => FeedUser($"u{i}@example.com")).ToArray());

        Assert.False(plan.Held);
        Assert.Equal(4, plan.Counts.Deactivated);
    }

    [Fact]
    public void Empty_file_while_feed_users_exist_is_held()
    {
        var plan = Plan(Basic, "Email,First,Last\n", FeedUser("ann@example.com"));

        Assert.True(plan.Held);
    }

    [Fact]
    public void Threshold_is_strictly_more_than_both_limits()
    {
        Assert.False(new HoldThreshold(20, 10).IsExceeded(10, 20));
        Assert.False(new HoldThreshold(20, 10).IsExceeded(11, 55));
        Assert.True(new HoldThreshold(20, 10).IsExceeded(11, 54));
    }

    /// <summary>A user as the platform's <c>PUT …/users/{email}</c> with status inactive leaves them.</summary>
    private static UserRecord Blocked(UserRecord user) => user with { InactiveBecause = InactiveReason.Platform };
}
