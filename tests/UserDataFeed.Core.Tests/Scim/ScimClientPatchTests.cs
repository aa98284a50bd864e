using UserDataFeed.Core.Scim;
using static UserDataFeed.Core.Tests.Scim.ScimPatching;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>
/// The PATCH bodies Microsoft Entra ID and Okta are documented to send, each accepted and applied as they mean.
/// Sources: Entra, learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups ("the
/// SCIM page") and …/application-provisioning-config-problem-scim-compatibility ("the compliance page", which shows
/// the bodies sent without and with the aadOptscim062020 flag); Okta, developer.okta.com/docs/reference/scim/scim-20
/// ("Okta's SCIM 2.0 reference").
/// </summary>
public sealed class ScimClientPatchTests
{
    private const string User = """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
          "id": "u-1",
          "userName": "ann@example.com",
          "name": { "givenName": "Ann", "familyName": "Lee" },
          "displayName": "Ann Lee",
          "externalId": "E-1",
          "active": true,
          "emails": [{ "value": "ann@example.com", "type": "work", "primary": true }]
        }
        """;

    private const string Group = """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          "id": "abf4dd94",
          "displayName": "Sales",
          "members": [{ "value": "u-1" }, { "value": "89bb1940" }]
        }
        """;

    [Fact]
    public void Entra_disables_a_user_with_a_capitalised_op_and_the_string_False()
    {
        // The compliance page, "Requests made to disable users", without the feature flag.
        var patched = Patch(User, """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}""");

        Assert.Equal(false, (bool?)patched["active"]);
    }

    [Fact]
    public void Entra_disables_a_user_with_a_boolean_under_the_flag()
    {
        // The compliance page, "Requests made to disable users", with the feature flag; the SCIM page, "Disable User".
        var patched = Patch(User, """{"Operations":[{"op":"Replace","path":"active","value":false}],"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""");

        Assert.Equal(false, (bool?)patched["active"]);
    }

    [Fact]
    public void Entra_adds_a_single_valued_attribute_with_Add()
    {
        // The compliance page, "Requests made to add a single-value string attribute" (Add, then add under the flag).
        var patched = Patch(User, Ops("""[{"op":"Add","path":"nickName","value":"Babs"}]"""));

        Assert.Equal("Babs", (string?)patched["nickName"]);
    }

    [Fact]
    public void Entra_replaces_several_attributes_with_one_operation_each()
    {
        // The compliance page, "Requests to replace multiple attributes", without the feature flag.
        var patched = Patch(User, Ops("""
            [
              {"op":"Replace","path":"displayName","value":"Pvlo"},
              {"op":"Replace","path":"emails[type eq \"work\"].value","value":"TestBcwqnm@test.microsoft.com"},
              {"op":"Replace","path":"name.givenName","value":"Gtfd"},
              {"op":"Replace","path":"name.familyName","value":"Pkqf"},
              {"op":"Replace","path":"externalId","value":"Eqpj"},
              {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"Eqpj"}
            ]
            """));

        Same("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "u-1",
              "userName": "ann@example.com",
              "name": { "givenName": "Gtfd", "familyName": "Pkqf" },
              "displayName": "Pvlo",
              "externalId": "Eqpj",
              "active": true,
              "emails": [{ "value": "TestBcwqnm@test.microsoft.com", "type": "work", "primary": true }],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "Eqpj" }
            }
            """, patched);
    }

    [Fact]
    public void Entra_replaces_several_attributes_in_one_value_keyed_by_their_paths()
    {
        // The compliance page, "Requests to replace multiple attributes", with the feature flag: the value's keys are
        // attribute paths ("name.givenName", an extension attribute behind its URN), not only attribute names.
        var patched = Patch(User, Ops("""
            [
              {"op":"replace","path":"emails[type eq \"work\"].value","value":"TestMhvaes@test.microsoft.com"},
              {"op":"replace","value":{
                "displayName":"Bjfe",
                "name.givenName":"Kkom",
                "name.familyName":"Unua",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq"}}
            ]
            """));

        Assert.Equal("TestMhvaes@test.microsoft.com", (string?)patched["emails"]![0]!["value"]);
        Assert.Equal("Bjfe", (string?)patched["displayName"]);
        Same("""{ "givenName": "Kkom", "familyName": "Unua" }""", patched["name"]!);
        Same("""{ "employeeNumber": "Aklq" }""", patched[ScimSchemas.EnterpriseUserUrn]!);
    }

    [Fact]
    public void Entra_adds_a_work_email_through_a_value_filter_when_the_user_has_none()
    {
        // Entra sends {"op":"Add","path":"emails[type eq \"work\"].value",…} (learn.microsoft.com Q&A 708183, "SCIM PATCH
        // of Complex Multi-Valued Attribute Includes Filter and Sub Attribute in Path"): a filter of equalities that
        // matches nothing describes the value to add.
        var patched = Patch("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u-2","userName":"bob"}""",
            Ops("""[{"op":"Add","path":"emails[type eq \"work\"].value","value":"bob@example.com"}]"""));

        Same("""[{ "type": "work", "value": "bob@example.com" }]""", patched["emails"]!);
    }

    [Fact]
    public void Entra_sets_the_manager_as_a_bare_id()
    {
        // Reported from Entra: the enterprise manager sent as the manager's id, not {"value": id}
        // (Captain-P-Goldfish/SCIM-SDK#686, apache/directory-scimple#1244).
        var patched = Patch(User, Ops("""[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"2c2f6fb8"}]"""));

        Same("""{ "manager": { "value": "2c2f6fb8" } }""", patched[ScimSchemas.EnterpriseUserUrn]!);
    }

    [Fact]
    public void A_single_value_wrapped_as_a_list_of_one_value_object_is_that_value()
    {
        // The shape Microsoft's own SCIM reference library expected of a single-valued replace
        // ("value":[{"$ref":null,"value":"User x"}], MicrosoftDocs/azure-docs#42220); accepted alongside the plain value.
        var patched = Patch(User, Ops("""[{"op":"Replace","path":"displayName","value":[{"$ref":null,"value":"User X"}]}]"""));

        Assert.Equal("User X", (string?)patched["displayName"]);
    }

    [Fact]
    public void Entra_adds_a_group_member_with_a_null_ref()
    {
        // The SCIM page, "Update Group [Add Members]".
        var patched = Patch(Group, Ops("""[{"op":"Add","path":"members","value":[{"$ref":null,"value":"f648f8d5"}]}]"""), ScimSchemas.Group);

        Same("""[{ "value": "u-1" }, { "value": "89bb1940" }, { "value": "f648f8d5" }]""", patched["members"]!);
    }

    [Fact]
    public void Entra_removes_a_group_member_by_listing_it_in_the_value()
    {
        // The SCIM page, "Update Group [Remove Members]"; the compliance page, "Requests made to remove a group member",
        // without the feature flag.
        var patched = Patch(Group, Ops("""[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u-1"}]}]"""), ScimSchemas.Group);

        Same("""[{ "value": "89bb1940" }]""", patched["members"]!);
    }

    [Fact]
    public void Entra_removes_a_group_member_with_a_value_filter_under_the_flag()
    {
        // The compliance page, "Requests made to remove a group member", with the feature flag.
        var patched = Patch(Group, Ops("""[{"op":"remove","path":"members[value eq \"89bb1940\"]"}]"""), ScimSchemas.Group);

        Same("""[{ "value": "u-1" }]""", patched["members"]!);
    }

    [Fact]
    public void Entra_renames_a_group()
    {
        // The SCIM page, "Update Group [Non-member attributes]".
        var patched = Patch(Group, Ops("""[{"op":"Replace","path":"displayName","value":"Sales EMEA"}]"""), ScimSchemas.Group);

        Assert.Equal("Sales EMEA", (string?)patched["displayName"]);
    }

    [Fact]
    public void Okta_deactivates_a_user_with_a_replace_without_a_path()
    {
        // Okta's SCIM 2.0 reference, "Update a specific User (PATCH)".
        var patched = Patch(User, """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}""");

        Assert.Equal(false, (bool?)patched["active"]);
    }

    [Fact]
    public void Okta_renames_a_group_sending_its_unchanged_id_along()
    {
        // Okta's SCIM 2.0 reference, "Update a specific Group name": the value carries the group's id, which is readOnly
        // (RFC 7643 §3.1) and unchanged, so it passes.
        var result = Run(Group, Ops("""[{"op":"replace","value":{"id":"abf4dd94","displayName":"Test SCIMv2"}}]"""), ScimSchemas.Group);

        Assert.Equal("Test SCIMv2", (string?)result.Resource["displayName"]);
        Assert.Equal("abf4dd94", (string?)result.Resource["id"]);
    }

    [Fact]
    public void Okta_removes_and_adds_group_members_in_one_patch()
    {
        // Okta's SCIM 2.0 reference, "Update specific Group membership".
        var patched = Patch(Group, Ops("""
            [
              {"op":"remove","path":"members[value eq \"89bb1940\"]"},
              {"op":"add","path":"members","value":[{"value":"23a35c27","display":"test.user@okta.local"}]}
            ]
            """), ScimSchemas.Group);

        Same("""[{ "value": "u-1" }, { "value": "23a35c27", "display": "test.user@okta.local" }]""", patched["members"]!);
    }

    [Fact]
    public void Okta_pushes_the_whole_membership_with_replace()
    {
        // Okta's SCIM 2.0 reference, "Update specific Group membership", the full push.
        var patched = Patch(Group, Ops("""
            [{"op":"replace","path":"members","value":[
              {"value":"23a35c27","display":"test.user@okta.local"},
              {"value":"89bb1940","display":"test.user@okta.local"}]}]
            """), ScimSchemas.Group);

        Same("""[{ "value": "23a35c27", "display": "test.user@okta.local" }, { "value": "89bb1940", "display": "test.user@okta.local" }]""", patched["members"]!);
    }
}
