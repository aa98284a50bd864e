using UserDataFeed.Core.Scim;
using static UserDataFeed.Core.Tests.Scim.ScimPatching;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>PATCH (RFC 7644 §3.5.2) on a user in JSON: what each operation does, and each error with its scimType.</summary>
public sealed class ScimPatchTests
{
    private const string User = """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
          "id": "u-1",
          "userName": "ann@example.com",
          "name": { "givenName": "Ann", "familyName": "Lee" },
          "active": true,
          "emails": [
            { "value": "ann@example.com", "type": "work", "primary": true },
            { "value": "ann@home.example", "type": "home" }
          ],
          "meta": { "resourceType": "User", "lastModified": "2026-03-01T10:00:00Z" }
        }
        """;

    private static string With(string changes)
    {
        var user = Json(User);
        foreach (var (name, value) in Json(changes))
        {
            user[name] = value?.DeepClone();
        }

        return user.ToJsonString();
    }

    [Fact]
    public void Add_to_a_multi_valued_attribute_appends_and_merges_into_a_value_already_there()
    {
        // RFC 7644 §3.5.2.1: "If the target location specifies a multi-valued attribute, a new value is added". A value
        // equal to one there (same value and type, value compared as the attribute's caseExact says) is merged into it,
        // so it takes the spelling sent.
        var patched = Patch(User, Ops("""[{"op":"add","path":"emails","value":[{"value":"ann@other.example","type":"other"},{"value":"ANN@example.com","type":"work"}]}]"""));

        Same("""[ { "value": "ANN@example.com", "type": "work", "primary": true }, { "value": "ann@home.example", "type": "home" }, { "value": "ann@other.example", "type": "other" }]""", patched["emails"]!);
    }

    [Fact]
    public void A_new_primary_value_takes_primary_from_the_others()
    {
        // RFC 7643 §2.4: the primary attribute is true for one value at most.
        var patched = Patch(User, Ops("""[{"op":"add","path":"emails","value":[{"value":"new@example.com","type":"other","primary":true}]}]"""));

        Same("""[ { "value": "ann@example.com", "type": "work" }, { "value": "ann@home.example", "type": "home" }, { "value": "new@example.com", "type": "other", "primary": true }]""", patched["emails"]!);
    }

    [Fact]
    public void Replace_on_a_multi_valued_attribute_replaces_all_its_values()
    {
        var patched = Patch(User, Ops("""[{"op":"replace","path":"emails","value":[{"value":"only@example.com","type":"work"}]}]"""));

        Same("""[{ "value": "only@example.com", "type": "work" }]""", patched["emails"]!);
    }

    [Fact]
    public void Replace_with_a_value_filter_replaces_the_matching_values()
    {
        var patched = Patch(User, Ops("""[{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"ann@new-home.example","type":"home"}}]"""));

        Same("""[ { "value": "ann@example.com", "type": "work", "primary": true }, { "value": "ann@new-home.example", "type": "home" }]""", patched["emails"]!);
    }

    [Fact]
    public void Replace_with_a_value_filter_and_sub_attribute_sets_it_on_the_matching_values()
    {
        var patched = Patch(User, Ops("""[{"op":"replace","path":"emails[primary eq true].value","value":"lee@example.com"}]"""));

        Same("""[ { "value": "lee@example.com", "type": "work", "primary": true }, { "value": "ann@home.example", "type": "home" }]""", patched["emails"]!);
    }

    [Fact]
    public void Replace_with_a_filter_that_matches_nothing_and_describes_no_value_is_no_target()
    {
        // RFC 7644 §3.5.2.3: a value selection filter with no match is a 400 with scimType noTarget.
        var error = Fails(User, Ops("""[{"op":"replace","path":"emails[value co \"@nowhere\"].type","value":"other"}]"""));

        Assert.Equal(ScimTypes.NoTarget, error.ScimType);
        Assert.Contains("Operations[0]", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_with_a_value_filter_removes_the_matching_values_and_the_last_one_unassigns()
    {
        var one = Patch(User, Ops("""[{"op":"remove","path":"emails[type eq \"home\"]"}]"""));
        Same("""[{ "value": "ann@example.com", "type": "work", "primary": true }]""", one["emails"]!);

        var none = Patch(User, Ops("""[{"op":"remove","path":"emails[value ew \"example.com\" or value ew \".example\"]"}]"""));
        Assert.False(none.ContainsKey("emails"));
    }

    [Fact]
    public void Remove_with_a_filter_that_matches_nothing_changes_nothing()
    {
        var result = Run(User, Ops("""[{"op":"remove","path":"emails[type eq \"other\"]"}]"""));

        Assert.False(result.Changed);
    }

    [Fact]
    public void Remove_of_a_sub_attribute_of_the_matching_values()
    {
        var patched = Patch(User, Ops("""[{"op":"remove","path":"emails[type eq \"work\"].primary"}]"""));

        Same("""[{ "value": "ann@example.com", "type": "work" }, { "value": "ann@home.example", "type": "home" }]""", patched["emails"]!);
    }

    [Fact]
    public void Remove_of_an_attribute_and_of_a_sub_attribute()
    {
        var patched = Patch(User, Ops("""[{"op":"remove","path":"active"},{"op":"remove","path":"name.givenName"}]"""));

        Assert.False(patched.ContainsKey("active"));
        Same("""{ "familyName": "Lee" }""", patched["name"]!);
    }

    [Fact]
    public void Remove_without_a_path_is_no_target()
    {
        // RFC 7644 §3.5.2.2: "If "path" is unspecified, the operation fails with ... "noTarget"."
        var error = Fails(User, Ops("""[{"op":"remove","value":{"active":false}}]"""));

        Assert.Equal(ScimTypes.NoTarget, error.ScimType);
    }

    [Fact]
    public void Add_or_replace_on_a_complex_attribute_sets_the_sub_attributes_given_and_keeps_the_others()
    {
        // RFC 7644 §3.5.2.3: "Sub-attributes that are not specified in the "value" parameter are left unchanged."
        var patched = Patch(User, Ops("""[{"op":"replace","path":"name","value":{"givenName":"Anne"}},{"op":"add","path":"name","value":{"middleName":"M"}}]"""));

        Same("""{ "givenName": "Anne", "familyName": "Lee", "middleName": "M" }""", patched["name"]!);
    }

    [Fact]
    public void Without_a_path_the_values_members_are_the_attributes_to_change()
    {
        var patched = Patch(User, Ops("""[{"op":"replace","value":{"userName":"lee@example.com","name":{"familyName":"Li"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}}]"""));

        Same(
            """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "u-1",
              "userName": "lee@example.com",
              "name": { "givenName": "Ann", "familyName": "Li" },
              "active": true,
              "emails": [
                { "value": "ann@example.com", "type": "work", "primary": true },
                { "value": "ann@home.example", "type": "home" }
              ],
              "meta": { "resourceType": "User", "lastModified": "2026-03-01T10:00:00Z" },
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "Sales" }
            }
            """,
            patched);
    }

    [Fact]
    public void A_path_that_is_an_extensions_urn_changes_that_extensions_attributes()
    {
        var patched = Patch(User, Ops("""[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"costCenter":"4130","department":"Tour Operations"}}]"""));

        Same("""{"costCenter":"4130","department":"Tour Operations"}""", patched[ScimSchemas.EnterpriseUserUrn]!);
    }

    [Fact]
    public void A_null_value_unassigns()
    {
        // RFC 7643 §2.5: null and unassigned are the same state.
        var patched = Patch(User, Ops("""[{"op":"replace","path":"name.givenName","value":null},{"op":"replace","path":"active","value":null}]"""));

        Assert.False(patched.ContainsKey("active"));
        Same("""{ "familyName": "Lee" }""", patched["name"]!);
    }

    [Fact]
    public void Attribute_names_in_paths_and_values_are_case_insensitive_and_keep_the_stored_spelling()
    {
        var patched = Patch(User, Ops("""[{"op":"replace","path":"NAME.GIVENNAME","value":"Anne"},{"op":"replace","value":{"USERNAME":"x@example.com"}}]"""));

        Assert.Equal("Anne", (string?)patched["name"]!["givenName"]);
        Assert.Equal("x@example.com", (string?)patched["userName"]);
    }

    [Fact]
    public void A_patch_that_sets_what_is_there_changes_nothing()
    {
        var result = Run(User, Ops("""[{"op":"replace","path":"active","value":true},{"op":"add","path":"emails","value":[{"value":"ann@home.example","type":"home"}]}]"""));

        Assert.False(result.Changed);
    }

    [Fact]
    public void Operations_apply_in_order_and_a_failing_one_leaves_the_resource_as_it_was()
    {
        var resource = Json(User);
        var operations = ScimPatchRequest.Parse(Json(Ops("""[{"op":"replace","path":"active","value":false},{"op":"replace","path":"nosuch","value":1}]""")));

        var error = Assert.ThrowsAny<ScimException>(() => new ScimPatcher(ScimSchemas.User).Apply(resource, operations));

        Assert.Equal(ScimTypes.InvalidPath, error.ScimType);
        Assert.Contains("Operations[1]", error.Reason, StringComparison.Ordinal);
        Same(User, resource);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"nosuch","value":"x"}]""", "'nosuch' is not an attribute")]
    [InlineData("""[{"op":"replace","path":"name.nosuch","value":"x"}]""", "'name.nosuch' is not an attribute")]
    [InlineData("""[{"op":"replace","value":{"nosuch":"x"}}]""", "'nosuch' is not an attribute")]
    [InlineData("""[{"op":"replace","value":{"bad key!":"x"}}]""", "'bad key!' is not an attribute name")]
    [InlineData("""[{"op":"replace","path":"userName[value eq \"x\"]","value":"x"}]""", "not a multi-valued complex attribute")]
    [InlineData("""[{"op":"replace","path":"emails[type eq \"work\"].nosuch","value":"x"}]""", "has no sub-attribute 'nosuch'")]
    [InlineData("""[{"op":"replace","path":"emails..value","value":"x"}]""", "invalid path at character 8")]
    [InlineData("""[{"op":"replace","path":"emails[type eq \"work\"] x","value":"x"}]""", "expected the end of the path")]
    [InlineData("""[{"op":"replace","path":"","value":"x"}]""", "the path is empty")]
    [InlineData("""[{"op":"replace","path":5,"value":"x"}]""", "path must be a string")]
    public void Paths_that_name_no_attribute_are_invalid_path(string operations, string reason)
    {
        var error = Fails(User, Ops(operations));

        Assert.Equal(ScimTypes.InvalidPath, error.ScimType);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"emails[type eq].value","value":"x"}]""", "expected a value")]
    [InlineData("""[{"op":"replace","path":"emails[nosuch eq \"x\"].value","value":"x"}]""", "has no sub-attribute 'nosuch'")]
    [InlineData("""[{"op":"replace","path":"emails[primary gt true].value","value":"x"}]""", "a boolean")]
    public void A_paths_value_filter_that_is_not_a_filter_is_invalid_filter(string operations, string reason)
    {
        var error = Fails(User, Ops(operations));

        Assert.Equal(ScimTypes.InvalidFilter, error.ScimType);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"active","value":"yes"}]""", "active must be true or false")]
    [InlineData("""[{"op":"replace","path":"userName","value":5}]""", "userName must be a string")]
    [InlineData("""[{"op":"replace","path":"name","value":"Ann Lee"}]""", "name must be an object")]
    [InlineData("""[{"op":"add","path":"emails","value":[{"value":"x@example.com","kind":"work"}]}]""", "'emails' has no sub-attribute 'kind'")]
    [InlineData("""[{"op":"add","path":"emails","value":[5]}]""", "emails must be an object")]
    [InlineData("""[{"op":"replace","path":"meta.lastModified","value":"yesterday"}]""", "must be a dateTime")]
    [InlineData("""[{"op":"add","path":"active"}]""", "add needs a \"value\"")]
    [InlineData("""[{"op":"replace","value":"x"}]""", "without a \"path\", the value must be an object")]
    public void Values_of_the_wrong_type_are_invalid_value(string operations, string reason)
    {
        var error = Fails(User, Ops(operations));

        Assert.Equal(ScimTypes.InvalidValue, error.ScimType);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"id","value":"u-2"}]""", "'id' is read-only")]
    [InlineData("""[{"op":"replace","value":{"id":"u-2"}}]""", "'id' is read-only")]
    [InlineData("""[{"op":"remove","path":"meta"}]""", "'meta' is read-only")]
    [InlineData("""[{"op":"replace","path":"meta.lastModified","value":"2026-01-01T00:00:00Z"}]""", "'meta.lastModified' is read-only")]
    [InlineData("""[{"op":"add","path":"groups","value":[{"value":"g-1"}]}]""", "'groups' is read-only")]
    public void Changing_what_the_service_owns_is_a_mutability_error(string operations, string reason)
    {
        var error = Fails(User, Ops(operations));

        Assert.Equal(ScimTypes.Mutability, error.ScimType);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_group_members_immutable_value_is_a_mutability_error()
    {
        const string group = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g-1","displayName":"Sales","members":[{"value":"u-1"}]}""";

        var error = Fails(group, Ops("""[{"op":"replace","path":"members[value eq \"u-1\"].value","value":"u-2"}]"""), ScimSchemas.Group);

        Assert.Equal(ScimTypes.Mutability, error.ScimType);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}""", "\"Operations\" must be an array of one or more")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}""", "\"Operations\" must be an array of one or more")]
    [InlineData("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Operations":[{"op":"remove","path":"title"}]}""", "\"schemas\" must list")]
    [InlineData("""{"Operations":[{"op":"move","path":"title"}]}""", "Operations[0].op must be")]
    [InlineData("""{"Operations":[{"op":"remove","path":"title"},"x"]}""", "Operations[1] must be an object")]
    public void Bodies_that_are_not_patch_requests_are_invalid_syntax(string body, string reason)
    {
        var error = Assert.ThrowsAny<ScimException>(() => ScimPatchRequest.Parse(System.Text.Json.Nodes.JsonNode.Parse(body)));

        Assert.Equal(ScimTypes.InvalidSyntax, error.ScimType);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void More_operations_than_the_limit_are_refused()
    {
        var operations = string.Join(",", Enumerable.Repeat("""{"op":"remove","path":"title"}""", ScimPatchRequest.MaxOperations + 1));

        var error = Assert.ThrowsAny<ScimException>(() => ScimPatchRequest.Parse(System.Text.Json.Nodes.JsonNode.Parse(Ops("[" + operations + "]"))));

        Assert.Equal(ScimTypes.InvalidSyntax, error.ScimType);
        Assert.Contains($"at most {ScimPatchRequest.MaxOperations}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_names_of_the_body_are_case_insensitive_and_schemas_may_be_left_out()
    {
        var patched = Patch(With("""{"title":"Guide"}"""), """{"operations":[{"OP":"remove","PATH":"title"}]}""");

        Assert.False(patched.ContainsKey("title"));
    }
}
