using System.Text.Json.Nodes;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Scim;
using UserDataFeed.Core.Users;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>
/// A SCIM request is planned as one feed row by the feed's own rules (<see cref="ImportPlanner.PlanRequest"/>), with what
/// a request changes: it names its user by id, it makes nobody absent, and it only gives the derived Manager role.
/// </summary>
public sealed class ScimRequestPlanningTests
{
    private static readonly ScimUserMapping Mapping = new(["department"]);

    private static ImportPlan PlanRequest(string json, string? named, params UserRecord[] users)
    {
        var byId = users.ToDictionary(u => u.UserId, u => u.Email);
        var row = Mapping.ToRow(JsonNode.Parse(json)!.AsObject(), id => byId[id]);
        return ImportPlanner.PlanRequest(row.Row, row.Layout, users, named is null ? null : EmailAddress.Normalize(named), Now).Planned();
    }

    private static UserRecord User(string email, string id) => FeedUser(email) with { UserId = id };

    [Fact]
    public void A_request_names_its_user_by_id_so_it_can_change_their_email()
    {
        var ann = User("ann@example.com", "u1");

        var plan = PlanRequest("""{"userName":"ann.lee@example.com","name":{"givenName":"Ann","familyName":"Lee"}}""", "ann@example.com", ann);

        var change = Assert.IsType<UserChange.Replace>(Assert.Single(plan.Changes));
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Equal("u1", change.User.UserId);
        Assert.Equal("ann.lee@example.com", change.User.Email);
        Assert.Equal("ann@example.com", change.PreviousEmail);
    }

    [Fact]
    public void A_request_creating_a_user_with_another_users_email_changes_nobody()
    {
        var ann = User("ann@example.com", "u1");

        var plan = PlanRequest("""{"userName":"ANN@example.com","name":{"givenName":"Ann","familyName":"Other"}}""", named: null, ann);

        Assert.Empty(plan.Changes);
        Assert.Equal("email-taken", Assert.Single(plan.Issues).Code);
    }

    [Fact]
    public void Active_false_deactivates_for_the_status_and_the_other_users_are_not_absent()
    {
        var ann = User("ann@example.com", "u1");
        var bob = User("bob@example.com", "u2");

        var plan = PlanRequest("""{"userName":"ann@example.com","name":{"givenName":"Ann","familyName":"Lee"},"active":false}""", "ann@example.com", ann, bob);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeKind.Deactivate, change.Kind);
        Assert.Equal(InactiveReason.StatusColumn, Assert.IsType<UserChange.Replace>(change).User.InactiveBecause);
        Assert.Equal(0, plan.Counts.PendingDeactivation);
        Assert.Null(plan.HoldReason);
    }

    [Fact]
    public void The_named_manager_gets_the_derived_role_and_a_request_takes_it_from_nobody()
    {
        var boss = User("boss@example.com", "m1");
        var formerBoss = User("former@example.com", "m0") with { DerivedManager = true };
        var ann = User("ann@example.com", "u1") with { Managers = ["former@example.com"], DerivedManager = true };

        var plan = PlanRequest(
            """{"userName":"ann@example.com","name":{"givenName":"Ann","familyName":"Lee"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m1"}}}""",
            "ann@example.com", ann, boss, formerBoss);

        var changes = plan.Changes.Cast<UserChange.Replace>().ToDictionary(c => c.User.Email);
        Assert.Equal(["boss@example.com"], changes["ann@example.com"].User.Managers);
        Assert.True(changes["ann@example.com"].User.DerivedManager);
        Assert.True(changes["boss@example.com"].User.DerivedManager);
        Assert.False(changes.ContainsKey("former@example.com"));
    }

    [Fact]
    public void The_platforms_block_and_roles_hold_against_a_request_as_against_a_row()
    {
        var ann = User("ann@example.com", "u1") with { InactiveBecause = InactiveReason.Platform, PlatformRoles = Roles.Administrator };

        var plan = PlanRequest(
            """{"userName":"ann@example.com","name":{"givenName":"Ann","familyName":"Lee"},"active":true,"roles":[{"value":"Manager"}]}""",
            "ann@example.com", ann);

        var user = Assert.IsType<UserChange.Replace>(Assert.Single(plan.Changes)).User;
        Assert.False(user.Active);
        Assert.Equal(Roles.Administrator, user.PlatformRoles);
        Assert.Equal(Roles.Manager, user.FeedRoles);
        Assert.Equal("blocked-by-platform", Assert.Single(plan.Issues).Code);
    }

    [Fact]
    public void A_resource_read_back_writes_the_user_it_came_from()
    {
        var ann = User("ann@example.com", "u1") with
        {
            ExternalId = "E-1",
            FeedRoles = Roles.Manager,
            CustomFields = new Dictionary<string, string> { ["department"] = "Sales" },
            Managers = ["boss@example.com"],
        };
        var boss = User("boss@example.com", "m1") with { DerivedManager = true };

        var resource = Mapping.ToResource(ann, "m1", new ScimResourceMeta("https://x/Users/u1", "W/\"1\""));
        var plan = PlanRequest(resource.ToJsonString(), "ann@example.com", ann, boss);

        Assert.Empty(plan.Changes);
        Assert.Equal("Sales", resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]!["department"]!.GetValue<string>());
        Assert.Equal("Sales", resource[ScimUserMapping.FieldsUrn]!["department"]!.GetValue<string>());
    }

    [Fact]
    public void A_department_sent_in_the_enterprise_extension_feeds_the_custom_field_of_that_name()
    {
        var plan = PlanRequest(
            """{"userName":"ann@example.com","name":{"givenName":"Ann","familyName":"Lee"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}""",
            named: null);

        var created = Assert.IsType<UserChange.Create>(Assert.Single(plan.Changes));
        Assert.Equal("Sales", created.User.CustomFields["department"]);
        Assert.Equal(CreatedBy.Feed, created.User.CreatedBy);
    }

    [Fact]
    public void An_admin_chosen_attribute_feeds_its_field_and_shows_the_field_there()
    {
        var mapping = new ScimUserMapping(["title"], new Dictionary<string, string> { ["custom.title"] = "title", ["firstName"] = "nickName" });
        var row = mapping.ToRow(JsonNode.Parse("""{"userName":"ann@example.com","nickName":"Annie","name":{"givenName":"Ann","familyName":"Lee"},"title":"Chemist"}""")!.AsObject(), _ => "");
        var plan = ImportPlanner.PlanRequest(row.Row, row.Layout, [], null, Now).Planned();
        var user = Assert.IsType<UserChange.Create>(Assert.Single(plan.Changes)).User;

        var resource = mapping.ToResource(user, null, new ScimResourceMeta("", ""));

        Assert.Equal("Annie", user.FirstName);
        Assert.Equal("Chemist", user.CustomFields["title"]);
        Assert.Equal("Chemist", resource["title"]!.GetValue<string>());
        Assert.Equal("Annie", resource["nickName"]!.GetValue<string>());
        Assert.Null(resource["name"]!["givenName"]);
    }

    [Theory]
    [InlineData("custom.title", "emails", "single-valued")]
    [InlineData("custom.title", "active", "single-valued")]
    [InlineData("custom.title", "userName", "feeds a field of its own")]
    [InlineData("custom.title", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", "feeds a field of its own")]
    [InlineData("custom.title", "nosuch", "not an attribute")]
    [InlineData("custom.title", "not a path", "not an attribute")]
    [InlineData("custom.nosuch", "title", "not a field")]
    [InlineData("email", "title", "not a field")]
    public void A_choice_of_attribute_that_cannot_feed_its_field_is_refused_with_the_reason(string field, string attribute, string reason)
    {
        var errors = ScimUserMapping.Check(new Dictionary<string, string> { [field] = attribute }, ["title"]);

        Assert.Contains(reason, Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_fields_may_not_share_an_attribute()
    {
        var errors = ScimUserMapping.Check(new Dictionary<string, string> { ["custom.title"] = "title", ["firstName"] = "TITLE" }, ["title"]);

        Assert.Single(errors);
    }
}
