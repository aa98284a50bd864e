using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// What a user's history says of a change (<see cref="UserHistory"/>): the values that moved, from what to what, and the
/// reason the feed rule gives, for changes as <see cref="ImportPlanner"/> plans them.
/// </summary>
public sealed class HistoryRuleTests
{
    private static readonly HistorySource Import = HistorySource.OfImport("imp-1", "incoming/users.csv");
    private static readonly FeedMapping WithStatus = MappingOf((PlatformFields.Status, "Status"));

    private static HistoryEntry? EntryOf(UserChange change) => change switch
    {
        UserChange.Create create => UserHistory.EntryOf(null, create.User, change.Cause, Import, Now),
        UserChange.Replace replace => UserHistory.EntryOf(replace.Former, replace.User, change.Cause, Import, Now),
        _ => throw new InvalidOperationException("A plan against full records patches no one."),
    };

    private static HistoryEntry Entry(ImportPlan plan, string email) => EntryOf(plan.ChangeFor(email)) ?? throw new InvalidOperationException("No entry.");

    private static FieldChange Field(HistoryEntry entry, string field) => Assert.Single(entry.Fields, f => f.Field == field);

    [Fact]
    public void A_created_user_has_every_value_from_nothing()
    {
        var entry = Entry(Plan(MappingOf((PlatformFields.ExternalId, "Id")), "Email,First,Last,Id\nann@example.com,Ann,Lee,E1\n"), "ann@example.com");

        Assert.Equal(("created", "ann@example.com"), (entry.Change, entry.Email));
        Assert.Equal(
            [("email", null, "ann@example.com"), ("firstName", null, "Ann"), ("lastName", null, "Lee"), ("status", null, "active"), ("externalId", null, "E1"), ("roles", null, "Learner")],
            entry.Fields.Select(f => (f.Field, f.From, f.To)));
        Assert.All(entry.Fields, f => Assert.Null(f.Reason));
    }

    [Fact]
    public void A_changed_name_is_the_only_value_listed()
    {
        var entry = Entry(Plan(MappingOf(), "Email,First,Last\nann@example.com,Annie,Lee\n", FeedUser("ann@example.com")), "ann@example.com");

        Assert.Equal("updated", entry.Change);
        Assert.Equal(new FieldChange("firstName", "Ann", "Annie"), Assert.Single(entry.Fields));
    }

    [Fact]
    public void A_change_that_moves_no_value_is_no_entry()
    {
        var ann = FeedUser("ann@example.com");

        Assert.Null(UserHistory.EntryOf(ann, ann with { UpdatedAt = Now }, ChangeCause.Row, Import, Now));
    }

    [Fact]
    public void Absence_says_absent_from_file()
    {
        var plan = Plan(MappingOf(), "Email,First,Last\nann@example.com,Ann,Lee\n", FeedUser("ann@example.com"), FeedUser("bob@example.com"));

        var entry = Entry(plan, "bob@example.com");
        Assert.Equal("deactivated", entry.Change);
        Assert.Equal(new FieldChange("status", "active", "inactive", UserHistory.Reasons.AbsentFromFile), Field(entry, "status"));
        Assert.Equal(new FieldChange("missedFiles", "0", "1", UserHistory.Reasons.AbsentFromFile), Field(entry, "missedFiles"));
    }

    [Fact]
    public void A_row_out_of_scope_says_out_of_scope()
    {
        var employees = MappingOf() with { Scope = [new ScopeRule("Worker Type", In: ["Employee"])] };
        var plan = Plan(employees, "Email,First,Last,Worker Type\nann@example.com,Ann,Lee,Employee\nbob@example.com,Bob,Ray,Contractor\n",
            FeedUser("ann@example.com"), FeedUser("bob@example.com"));

        Assert.Equal(UserHistory.Reasons.OutOfScope, Field(Entry(plan, "bob@example.com"), "status").Reason);
    }

    [Fact]
    public void A_planned_deactivation_gives_the_reason_the_users_history_will()
    {
        var employees = MappingOf((PlatformFields.Status, "Status")) with { Scope = [new ScopeRule("Worker Type", In: ["Employee"])] };
        var plan = Plan(employees, "Email,First,Last,Status,Worker Type\nann@example.com,Ann,Lee,0,Employee\nbob@example.com,Bob,Ray,1,Contractor\n",
            HoldThreshold.Never, FeedUser("ann@example.com"), FeedUser("bob@example.com"), FeedUser("cat@example.com"));
        var deactivations = plan.Changes.Where(c => c.Kind == ChangeKind.Deactivate).ToList();

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ann@example.com"] = UserHistory.Reasons.StatusColumn,
                ["bob@example.com"] = UserHistory.Reasons.OutOfScope,
                ["cat@example.com"] = UserHistory.Reasons.AbsentFromFile,
            },
            deactivations.ToDictionary(c => c.Email, c => UserHistory.DeactivationReason(c)));
        Assert.All(deactivations, c => Assert.Equal(Field(EntryOf(c)!, "status").Reason, UserHistory.DeactivationReason(c)));
    }

    [Fact]
    public void A_user_patched_unread_gets_the_reason_a_user_read_gets()
    {
        var mapping = MappingOf((PlatformFields.Status, "Status"), (PlatformFields.StartDate, "Start"), (PlatformFields.EndDate, "End"))
            with { Scope = [new ScopeRule("Type", In: ["Employee"])] };
        const string Header = "Email,First,Last,Status,Start,End,Type\n";
        const string Before = "ann@example.com,Ann,Lee,1,,,Employee\nbob@example.com,Bob,Ray,1,,,Employee\ncat@example.com,Cat,Day,1,,,Employee\n"
            + "dan@example.com,Dan,Fox,1,,,Employee\neve@example.com,Eve,Kay,1,,,Employee\n";
        const string After = "ann@example.com,Ann,Lee,0,,,Employee\nbob@example.com,Bob,Ray,1,,2026-11-01,Employee\ncat@example.com,Cat,Day,1,2027-01-04,,Employee\n"
            + "eve@example.com,Eve,Kay,1,,,Contractor\n";
        var layout = new FieldLayout(mapping);
        PreparedFile Prepare(string rows) => ImportPlanner.Prepare(FeedRows.InMemory(Rows(mapping, Header + rows)), layout);
        var first = ImportPlanner.Plan(Prepare(Before), new FullRecords([]), HoldThreshold.Never, Now).Planned();
        var records = first.Changes.Select(c => c.User).ToList();

        var unread = ImportPlanner.Plan(Prepare(After), new DigestUsers([.. first.Summaries]), HoldThreshold.Never, Now).Planned();
        var read = ImportPlanner.Plan(Prepare(After), new FullRecords(records), HoldThreshold.Never, Now).Planned();

        var expected = new Dictionary<string, string>
        {
            ["ann@example.com"] = UserHistory.Reasons.StatusColumn,
            ["bob@example.com"] = UserHistory.Reasons.EndDatePassed,
            ["cat@example.com"] = UserHistory.Reasons.StartDateToCome,
            ["dan@example.com"] = UserHistory.Reasons.AbsentFromFile,
            ["eve@example.com"] = UserHistory.Reasons.OutOfScope,
        };
        Assert.All(unread.Changes, c => Assert.IsType<UserChange.Patch>(c));
        Assert.Equal(expected, unread.Changes.ToDictionary(c => c.Email, UserHistory.DeactivationReason));
        Assert.Equal(expected, read.Changes.ToDictionary(c => c.Email, UserHistory.DeactivationReason));
    }

    [Fact]
    public void The_status_column_says_status_column_both_ways()
    {
        var plan = Plan(WithStatus, "Email,First,Last,Status\nann@example.com,Ann,Lee,0\nbob@example.com,Bob,Ray,1\n",
            FeedUser("ann@example.com"), FeedUser("bob@example.com") with { InactiveBecause = InactiveReason.StatusColumn });

        Assert.Equal(new FieldChange("status", "active", "inactive", UserHistory.Reasons.StatusColumn), Field(Entry(plan, "ann@example.com"), "status"));
        var bob = Entry(plan, "bob@example.com");
        Assert.Equal("reactivated", bob.Change);
        Assert.Equal(UserHistory.Reasons.StatusColumn, Field(bob, "status").Reason);
    }

    [Fact]
    public void A_leaver_listed_again_is_back_in_file()
    {
        var leaver = FeedUser("ann@example.com") with { InactiveBecause = InactiveReason.Absence, MissedFiles = 1 };

        var entry = Entry(Plan(MappingOf(), "Email,First,Last\nann@example.com,Ann,Lee\n", leaver), "ann@example.com");

        Assert.Equal(("reactivated", UserHistory.Reasons.BackInFile), (entry.Change, Field(entry, "status").Reason));
        Assert.Equal(new FieldChange("missedFiles", "1", "0"), Field(entry, "missedFiles"));
    }

    [Fact]
    public void Dates_say_end_date_passed_start_date_to_come_and_start_date_reached()
    {
        var dated = MappingOf((PlatformFields.StartDate, "Start"), (PlatformFields.EndDate, "End"));
        var plan = Plan(dated, "Email,First,Last,Start,End\nann@example.com,Ann,Lee,,2026-11-24\nnew@example.com,Nia,Day,2026-12-01,\n", FeedUser("ann@example.com"));

        var ann = Entry(plan, "ann@example.com");
        Assert.Equal(new FieldChange("status", "active", "inactive", UserHistory.Reasons.EndDatePassed), Field(ann, "status"));
        Assert.Equal(new FieldChange("endDate", null, "2026-11-24"), Field(ann, "endDate"));
        var joiner = plan.ChangeFor("new@example.com").User;
        Assert.Equal(new FieldChange("status", null, "inactive", UserHistory.Reasons.StartDateToCome), Field(Entry(plan, "new@example.com"), "status"));

        var onTheDay = joiner.StartDate!.At;
        var due = ImportPlanner.WhenADateFallsDue(joiner, onTheDay)!;
        var reached = UserHistory.EntryOf(((UserChange.Replace)due).Former, due.User, due.Cause, HistorySource.OfDates(onTheDay), onTheDay)!;
        Assert.Equal(("reactivated", HistorySource.Dates), (reached.Change, reached.Source.By));
        Assert.Equal(new FieldChange("status", "inactive", "active", UserHistory.Reasons.StartDateReached), Field(reached, "status"));
    }

    [Fact]
    public void Roles_say_where_each_came_from_and_a_derived_manager_says_so()
    {
        var mapping = MappingOf((PlatformFields.Managers, "Manager"), (PlatformFields.Roles, "Roles"));
        var bob = FeedUser("bob@example.com") with { PlatformRoles = Roles.Administrator };
        var plan = Plan(mapping, "Email,First,Last,Manager,Roles\nann@example.com,Ann,Lee,bob@example.com,Manager\nbob@example.com,Bob,Ray,,\n",
            FeedUser("ann@example.com"), bob);

        Assert.Equal(new FieldChange("roles", "Learner, Administrator (platform)", "Learner, Manager (derived), Administrator (platform)", UserHistory.Reasons.DerivedManager),
            Field(Entry(plan, "bob@example.com"), "roles"));
        var ann = Entry(plan, "ann@example.com");
        Assert.Equal(new FieldChange("roles", "Learner", "Learner, Manager (feed)"), Field(ann, "roles"));
        Assert.Equal(new FieldChange("managers", null, "bob@example.com"), Field(ann, "managers"));
    }

    [Fact]
    public void An_email_change_through_externalId_says_so_and_keeps_the_user_id()
    {
        var ann = FeedUser("ann@example.com") with { ExternalId = "E1" };

        var entry = Entry(Plan(MappingOf((PlatformFields.ExternalId, "Id")), "Email,First,Last,Id\nann.lee@example.com,Ann,Lee,E1\n", ann), "ann.lee@example.com");

        Assert.Equal(ann.UserId, entry.UserId);
        Assert.Equal(new FieldChange("email", "ann@example.com", "ann.lee@example.com", UserHistory.Reasons.MatchedByExternalId), Assert.Single(entry.Fields));
    }

    [Fact]
    public void Custom_fields_and_groups_are_listed_by_name()
    {
        var mapping = MappingOf(("custom.dept", "Dept"), (PlatformFields.Groups, "Groups"));
        var ann = FeedUser("ann@example.com") with { CustomFields = new Dictionary<string, string> { ["dept"] = "Sales" }, PlatformGroups = ["mentors"] };

        var entry = Entry(Plan(mapping, "Email,First,Last,Dept,Groups\nann@example.com,Ann,Lee,,Finance\n", ann), "ann@example.com");

        Assert.Equal(new FieldChange("customFields.dept", "Sales", null), Field(entry, "customFields.dept"));
        Assert.Equal(new FieldChange("groups", "mentors (platform)", $"{GroupNames.Id("Finance")}, mentors (platform)"), Field(entry, "groups"));
    }

    [Fact]
    public void A_platform_edit_gives_no_rule_reason()
    {
        var ann = FeedUser("ann@example.com");

        var entry = UserHistory.EntryOf(ann, ann with { InactiveBecause = InactiveReason.Platform }, ChangeCause.Platform, HistorySource.OfPlatform(), Now)!;

        Assert.Equal(HistorySource.Platform, entry.Source.By);
        Assert.Equal(new FieldChange("status", "active", "inactive"), Field(entry, "status"));
        Assert.Equal(new FieldChange("blockedByPlatform", "false", "true"), Field(entry, "blockedByPlatform"));
    }
}
