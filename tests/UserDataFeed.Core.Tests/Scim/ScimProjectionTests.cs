using UserDataFeed.Core.Scim;
using static UserDataFeed.Core.Tests.Scim.ScimPatching;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary><c>attributes</c> and <c>excludedAttributes</c> (RFC 7644 §3.4.2.5) with RFC 7643's <c>returned</c> characteristics.</summary>
public sealed class ScimProjectionTests
{
    private const string User = """
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "id": "u-1",
          "externalId": "E-1",
          "userName": "ann@example.com",
          "password": "s3cret",
          "name": { "givenName": "Ann", "familyName": "Lee" },
          "active": true,
          "emails": [{ "value": "ann@example.com", "type": "work", "primary": true }, { "value": "ann@home.example", "type": "home" }],
          "meta": { "resourceType": "User", "lastModified": "2026-03-01T10:00:00Z" },
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Sales" }
        }
        """;

    private static System.Text.Json.Nodes.JsonObject Project(string? attributes, string? excluded, ScimSchema? schema = null)
    {
        schema ??= ScimSchemas.User;
        return ScimProjection.Project(Json(User), schema, ScimAttributeSelection.Parse(attributes, schema), ScimAttributeSelection.Parse(excluded, schema));
    }

    [Fact]
    public void Without_parameters_everything_but_never_returned_attributes_comes_back()
    {
        var projected = Project(null, null);

        var expected = Json(User);
        expected.Remove("password");
        Same(expected.ToJsonString(), projected);
    }

    [Fact]
    public void Attributes_lists_what_comes_back_besides_id_and_schemas()
    {
        var projected = Project("userName,name.givenName", null);

        Same("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "id": "u-1",
              "userName": "ann@example.com",
              "name": { "givenName": "Ann" }
            }
            """, projected);
    }

    [Fact]
    public void Attributes_names_a_sub_attribute_of_a_multi_valued_attribute_or_an_extension()
    {
        var projected = Project("EMAILS.VALUE,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", null);

        Same("""[{ "value": "ann@example.com" }, { "value": "ann@home.example" }]""", projected["emails"]!);
        Same("""{ "department": "Sales" }""", projected[ScimSchemas.EnterpriseUserUrn]!);
    }

    [Fact]
    public void An_extensions_urn_in_attributes_returns_all_of_it()
    {
        var projected = Project("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", null);

        Same("""{ "employeeNumber": "701984", "department": "Sales" }""", projected[ScimSchemas.EnterpriseUserUrn]!);
        Assert.False(projected.ContainsKey("userName"));
    }

    [Fact]
    public void Excluded_attributes_are_left_out_but_id_is_always_returned()
    {
        var projected = Project(null, "emails,name.familyName,id,meta,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber");

        Assert.False(projected.ContainsKey("emails"));
        Assert.False(projected.ContainsKey("meta"));
        Assert.Equal("u-1", (string?)projected["id"]);
        Same("""{ "givenName": "Ann" }""", projected["name"]!);
        Same("""{ "department": "Sales" }""", projected[ScimSchemas.EnterpriseUserUrn]!);
    }

    [Fact]
    public void The_password_is_never_returned_even_when_asked_for()
    {
        // RFC 7643 §4.1.1: password is returned "never".
        Assert.False(Project("password,userName", null).ContainsKey("password"));
    }

    [Fact]
    public void Entra_reads_groups_without_their_members()
    {
        // learn.microsoft.com "Use SCIM to provision users and groups", Get Group: GET /Groups/{id}?excludedAttributes=members.
        const string group = """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g-1","displayName":"Sales","members":[{"value":"u-1"}]}""";

        var projected = ScimProjection.Project(Json(group), ScimSchemas.Group, null, ScimAttributeSelection.Parse("members", ScimSchemas.Group));

        Same("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g-1","displayName":"Sales"}""", projected);
    }

    [Fact]
    public void Unknown_attributes_in_a_list_select_nothing_and_a_list_item_that_is_not_a_path_is_invalid_path()
    {
        Same("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u-1"}""", Project("nosuch", null));

        var error = Assert.ThrowsAny<ScimException>(() => ScimAttributeSelection.Parse("userName,bad name!", ScimSchemas.User));
        Assert.Equal(ScimTypes.InvalidPath, error.ScimType);
        Assert.Contains("'bad name!'", error.Reason, StringComparison.Ordinal);
    }
}
