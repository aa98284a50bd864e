using System.Text;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// The planner keeps a compact entry per row and reads the file again for the rest: the issues and the
/// changes made from that second reading must be exactly what the first reading would have given.
/// </summary>
public sealed class RereadingTests
{
    private static readonly FeedMapping Basic = MappingOf();
    private static readonly FeedMapping ByExternalId = MappingOf((PlatformFields.ExternalId, "EmployeeId"));

    private static PreparedFile PrepareFromStream(FeedMapping mapping, string csv)
    {
        var layout = new FieldLayout(mapping);
        return ImportPlanner.Prepare(FeedRows.FromFile(new MemoryStream(Encoding.UTF8.GetBytes(csv)), layout), layout);
    }

    [Fact]
    public void Duplicate_emails_are_reported_as_each_row_wrote_them()
    {
        var plan = PrepareFromStream(Basic, "Email,First,Last\nAnn@Example.com,Ann,One\n  ann@example.COM ,Ann,Two\n")
            .PlanAgainst([]);

        Assert.Equal(["Ann@Example.com", "ann@example.COM"], plan.Issues.Where(i => i.Code == "duplicate-key").Select(i => i.Value));
    }

    [Fact]
    public void A_taken_email_is_reported_as_the_row_wrote_it()
    {
        var plan = PrepareFromStream(ByExternalId, "Email,First,Last,EmployeeId\nBob@Example.com,Ann,Lee,E1\n")
            .PlanAgainst([FeedUser("ann@example.com") with { ExternalId = "E1" }, PlatformUser("bob@example.com") with { ExternalId = "E2" }]);

        var issue = Assert.Single(plan.Issues);
        Assert.Equal(("email-taken", "Bob@Example.com", "Email"), (issue.Code, issue.Value, issue.Column));
    }

    [Fact]
    public void Changes_made_twice_from_the_file_are_the_same_users_with_the_same_new_ids()
    {
        var plan = PrepareFromStream(Basic, "Email,First,Last\nann@example.com,Ann,Lee\nbob@example.com,Bob,Ray\n")
            .PlanAgainst([]);

        var first = plan.Changes.Select(c => c.User).ToList();
        var second = plan.Changes.Select(c => c.User).ToList();

        Assert.Equal(2, plan.Changes.Count);
        Assert.Equal(first.Select(u => (u.UserId, u.Email, u.FirstName)), second.Select(u => (u.UserId, u.Email, u.FirstName)));
        Assert.Equal(2, first.Select(u => u.UserId).Distinct().Count());
    }

    [Fact]
    public void Another_plan_of_the_same_file_gives_new_users_other_ids()
    {
        var prepared = PrepareFromStream(Basic, "Email,First,Last\nann@example.com,Ann,Lee\n");

        var one = prepared.PlanAgainst([]).Changes.Single().User.UserId;
        var other = prepared.PlanAgainst([]).Changes.Single().User.UserId;

        Assert.NotEqual(one, other);
    }

    [Fact]
    public void An_update_made_from_the_file_read_again_carries_the_rows_values_and_keeps_the_record()
    {
        var ann = FeedUser("ann@example.com") with { PlatformRoles = Users.Roles.Administrator };
        var plan = PrepareFromStream(Basic, "Email,First,Last\nann@example.com,Annie,Lee\n")
            .PlanAgainst([ann]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal((ChangeKind.Update, "Annie", ann.UserId, Users.Roles.Administrator, Now), (change.Kind, change.User.FirstName, change.User.UserId, change.User.PlatformRoles, change.User.UpdatedAt));
    }
}
