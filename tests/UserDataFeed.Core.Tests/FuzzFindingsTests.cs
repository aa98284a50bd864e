using System.Text;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>Inputs the fuzzer or the planner properties found (docs/fuzzing.md), kept as files under Data/ with their expected outcome.</summary>
public sealed class FuzzFindingsTests
{
    private static readonly FeedMapping ByExternalId = MappingOf((PlatformFields.ExternalId, "Id"));

    private static ImportPlan PlanFile(string name, FeedMapping mapping, params Users.UserRecord[] users) =>
        Plan(mapping, Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine("Data", name))), HoldThreshold.Never, users);

    // Row 1 moves cat (E2) to dan@example.com, row 2 (a new E3) was refused cat@example.com as taken. Applied,
    // the file freed cat@example.com, and applying it again created a user for row 2: not the same outcome twice.
    [Fact]
    public void Email_freed_by_one_row_and_claimed_by_another_leaves_both_rows_in_error()
    {
        var cat = FeedUser("cat@example.com") with { ExternalId = "E2" };

        var plan = PlanFile("email-freed-and-claimed.csv", ByExternalId, cat);

        Assert.Empty(plan.Changes);
        Assert.Equal(
            [(1, "email-change-blocked", "dan@example.com"), (2, "email-taken", "cat@example.com")],
            plan.Issues.Select(i => (i.Row, i.Code, i.Value)));
        Assert.Equal(0, plan.Counts.Updated + plan.Counts.Created);
    }
}
