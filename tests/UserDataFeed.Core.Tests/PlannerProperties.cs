using FsCheck.Xunit;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// Properties of the pure planner over generated files and users (generators in <see cref="PlannerArbitraries"/>).
/// A failure prints the shrunk file and users.
/// </summary>
public sealed class PlannerProperties
{
    private static ImportPlan PlanOf(Scenario scenario, IEnumerable<UserRecord> users, HoldThreshold threshold, DateTimeOffset now) =>
        ImportPlanner.Plan(Rows(scenario.Mapping, scenario.Csv), scenario.Layout, users, threshold, now).Planned();

    [Property(Arbitrary = [typeof(PlannerArbitraries)], MaxTest = 500)]
    public void Planning_the_same_file_again_after_applying_it_changes_nothing(Scenario scenario)
    {
        var first = PlanOf(scenario, scenario.Users, HoldThreshold.Never, Now);
        var applied = InMemoryUsers.Apply(scenario.Users, first);

        var again = PlanOf(scenario, applied, HoldThreshold.Never, Now.AddHours(1));

        var counts = again.Counts;
        Assert.True(again.Changes.Count == 0 && counts.Created + counts.Updated + counts.Deactivated + counts.Reactivated == 0,
            $"the second plan changes {string.Join("; ", again.Changes.Select(c => $"{c.Kind} {Scenario.Describe(c.User)}"))} ({counts})");
    }

    [Property(Arbitrary = [typeof(PlannerArbitraries)], MaxTest = 300)]
    public void Changes_after_the_first_n_are_the_plans_changes_without_them(Scenario scenario, FsCheck.NonNegativeInt written)
    {
        var plan = PlanOf(scenario, scenario.Users, HoldThreshold.Never, Now);
        var skip = plan.Changes.Count == 0 ? 0 : written.Get % (plan.Changes.Count + 1);

        var rest = plan.Changes.After(skip).Select(c => (c.Kind, Scenario.Describe(c.User), c.PreviousEmail, c is UserChange.Patch)).ToList();

        Assert.Equal(plan.Changes.Skip(skip).Select(c => (c.Kind, Scenario.Describe(c.User), c.PreviousEmail, c is UserChange.Patch)), rest);
    }

    [Property(Arbitrary = [typeof(PlannerArbitraries)], MaxTest = 500)]
    public void Row_order_does_not_change_the_outcome(Reordering reordering)
    {
        var scenario = reordering.Scenario;
        var shuffled = scenario.WithLines(reordering.Order.Select(i => scenario.Lines[i]));

        var (users, counts, issues) = Outcome(scenario);
        var (shuffledUsers, shuffledCounts, shuffledIssues) = Outcome(shuffled);

        Assert.Equal(counts, shuffledCounts);
        Assert.Equal(users, shuffledUsers);
        Assert.Equal(issues, shuffledIssues);

        static (List<string> Users, ImportCounts Counts, List<string> Issues) Outcome(Scenario scenario)
        {
            var plan = PlanOf(scenario, scenario.Users, HoldThreshold.Never, Now);
            List<string> users = [.. InMemoryUsers.Apply(scenario.Users, plan).Select(InMemoryUsers.Content).Order(StringComparer.Ordinal)];
            List<string> issues = [.. plan.Issues.Select(i => $"{i.Severity} {i.Code} {i.Column}={i.Value}").Order(StringComparer.Ordinal)];
            return (users, plan.Counts, issues);
        }
    }

    [Property(Arbitrary = [typeof(PlannerArbitraries)])]
    public void Platform_user_the_file_does_not_list_is_never_deactivated(Scenario scenario)
    {
        var plan = PlanOf(scenario, scenario.Users, HoldThreshold.Never, Now);
        var after = InMemoryUsers.Apply(scenario.Users, plan).ToDictionary(u => u.UserId, StringComparer.Ordinal);

        foreach (var user in scenario.Users.Where(u => u.CreatedBy == CreatedBy.Platform && !FileModel.Names(scenario, u)))
        {
            Assert.DoesNotContain(plan.Changes, c => c.Kind == ChangeKind.Deactivate && c.User.UserId == user.UserId);
            var now = after[user.UserId];

            // Only the derived Manager role follows a file that does not list the user.
            Assert.True(now.SameContentAs(user with { DerivedManager = now.DerivedManager }),
                $"unlisted platform user {Scenario.Describe(user)} became {Scenario.Describe(now)}");
        }
    }

    [Property(Arbitrary = [typeof(PlannerArbitraries)])]
    public void User_blocked_by_the_platform_is_never_made_active_by_a_file(Scenario scenario)
    {
        var plan = PlanOf(scenario, scenario.Users, HoldThreshold.Never, Now);
        var after = InMemoryUsers.Apply(scenario.Users, plan).ToDictionary(u => u.UserId, StringComparer.Ordinal);

        foreach (var user in scenario.Users.Where(u => u.BlockedByPlatform))
        {
            var now = after[user.UserId];
            Assert.True(!now.Active && now.BlockedByPlatform && !now.DeactivatedForAbsence, $"blocked user {Scenario.Describe(user)} became {Scenario.Describe(now)}");
            Assert.DoesNotContain(plan.Changes, c => c.Kind is ChangeKind.Reactivate or ChangeKind.Deactivate && c.User.UserId == user.UserId);
        }
    }

    /// <summary>
    /// The rule as it is being changed (issue 10): users set inactive by the status column count as deactivated
    /// like absent ones, and the hold judges them against the active users the feed manages (feed-created, or
    /// listed by a row of the file).
    /// </summary>
    [Property(Arbitrary = [typeof(PlannerArbitraries)])]
    public void File_is_held_exactly_when_its_deactivations_pass_the_threshold(Scenario scenario)
    {
        var plan = PlanOf(scenario, scenario.Users, scenario.Threshold, Now);
        var after = InMemoryUsers.Apply(scenario.Users, plan).ToDictionary(u => u.UserId, StringComparer.Ordinal);

        var deactivated = scenario.Users.Count(u => u.Active && !after[u.UserId].Active);
        var managed = scenario.Users.Count(u => u.Active && (u.CreatedBy == CreatedBy.Feed || FileModel.Names(scenario, u)));
        var activeFeedUsers = scenario.Users.Count(u => u.Active && u.CreatedBy == CreatedBy.Feed);
        var held = (scenario.Lines.Count == 0 && activeFeedUsers > 0) || scenario.Threshold.IsExceeded(deactivated, managed);

        Assert.True(plan.Counts.Deactivated == deactivated,
            $"the plan counts {plan.Counts.Deactivated} deactivations; {deactivated} active user(s) end inactive");
        Assert.True(plan.Held == held,
            $"held: {plan.Held}, expected {held} for {deactivated} deactivation(s) of {managed} managed active user(s) ({plan.HoldReason})");
    }
}

/// <summary>Which users a file's rows name, worked out from the rules of SPEC §3 rather than from the planner.</summary>
internal static class FileModel
{
    /// <summary>
    /// A row names a user (rows in error too): by external id when it is mapped (a row without one names nobody;
    /// one whose id no user has names the user with its email who has no external id), else by email.
    /// </summary>
    public static bool Names(Scenario scenario, UserRecord user)
    {
        var key = EmailAddress.Normalize(user.Email);
        foreach (var line in scenario.Lines)
        {
            var email = line.Email.Trim();
            var emailKey = EmailAddress.IsValid(email) ? EmailAddress.Normalize(email) : null;
            if (!scenario.Mapped.ExternalId)
            {
                if (emailKey == key)
                {
                    return true;
                }

                continue;
            }

            var id = line.ExternalId.Trim();
            if (id.Length == 0)
            {
                continue;
            }

            var byId = scenario.Users.FirstOrDefault(u => u.ExternalId == id);
            if (byId is not null ? byId == user : emailKey == key && user.ExternalId is null)
            {
                return true;
            }
        }

        return false;
    }
}
