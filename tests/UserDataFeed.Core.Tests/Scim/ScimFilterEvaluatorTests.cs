using System.Text.Json.Nodes;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>Filters run on a user in JSON: each operator on each kind of attribute, case rules, value paths, absence.</summary>
public sealed class ScimFilterEvaluatorTests
{
    private static readonly JsonObject Ann = JsonNode.Parse("""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "id": "u-1",
          "externalId": "E-100",
          "userName": "Ann.Lee@Example.com",
          "name": { "givenName": "Ann", "familyName": "Lee" },
          "title": "Tour Guide",
          "active": true,
          "emails": [
            { "value": "ann@example.com", "type": "work", "primary": true },
            { "value": "ann@home.example", "type": "home" }
          ],
          "meta": { "lastModified": "2026-03-01T10:00:00Z" },
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "manager": { "value": "u-9" } }
        }
        """)!.AsObject();

    private static bool Matches(string filter)
    {
        var parsed = ScimFilterParser.Parse(filter);
        ScimFilterChecker.Check(parsed, ScimSchemas.User);
        return new ScimFilterEvaluator(ScimSchemas.User).Matches(parsed, new JsonResourceView(Ann));
    }

    [Theory]
    [InlineData("title eq \"Tour Guide\"", true)]
    [InlineData("title eq \"Guide\"", false)]
    [InlineData("title ne \"Guide\"", true)]
    [InlineData("title ne \"tour guide\"", false)]
    [InlineData("title co \"our G\"", true)]
    [InlineData("title co \"x\"", false)]
    [InlineData("title sw \"tour\"", true)]
    [InlineData("title sw \"Guide\"", false)]
    [InlineData("title ew \"GUIDE\"", true)]
    [InlineData("title ew \"Tour\"", false)]
    [InlineData("title gt \"Tour A\"", true)]
    [InlineData("title gt \"Tour Guide\"", false)]
    [InlineData("title ge \"Tour Guide\"", true)]
    [InlineData("title lt \"Tour Z\"", true)]
    [InlineData("title lt \"Tour Guide\"", false)]
    [InlineData("title le \"tour guide\"", true)]
    [InlineData("title pr", true)]
    [InlineData("nickName pr", false)]
    public void Each_operator_on_a_string(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("userName eq \"ann.lee@example.com\"", true)]
    [InlineData("emails.value eq \"ANN@EXAMPLE.COM\"", true)]
    [InlineData("externalId eq \"E-100\"", true)]
    [InlineData("externalId eq \"e-100\"", false)]
    [InlineData("id eq \"u-1\"", true)]
    [InlineData("id eq \"U-1\"", false)]
    public void Strings_compare_with_the_attributes_case_exactness(string filter, bool expected)
    {
        // RFC 7643 §4.1.1: userName caseExact false; §3.1: id and externalId caseExact true; emails.value is not case-exact.
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("active eq true", true)]
    [InlineData("active eq false", false)]
    [InlineData("active ne false", true)]
    [InlineData("active eq \"True\"", true)]
    public void Booleans_compare_with_eq_and_ne(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("meta.lastModified gt \"2026-02-28T23:59:59Z\"", true)]
    [InlineData("meta.lastModified gt \"2026-03-01T10:00:00Z\"", false)]
    [InlineData("meta.lastModified ge \"2026-03-01T11:00:00+01:00\"", true)]
    [InlineData("meta.lastModified eq \"2026-03-01T12:00:00+02:00\"", true)]
    [InlineData("meta.lastModified lt \"2026-03-01T10:00:01Z\"", true)]
    [InlineData("meta.lastModified le \"2026-03-01T09:00:00Z\"", false)]
    public void Date_times_compare_as_instants(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"]", true)]
    [InlineData("emails[type eq \"home\" and value co \"@example.com\"]", false)]
    [InlineData("emails[type eq \"work\"].value eq \"ann@example.com\"", true)]
    [InlineData("emails[type eq \"home\"].value eq \"ann@example.com\"", false)]
    [InlineData("emails[primary eq true].value ew \"example.com\"", true)]
    [InlineData("emails[not (type eq \"work\")]", true)]
    [InlineData("emails[type eq \"other\"]", false)]
    [InlineData("emails co \"@home\"", true)]
    [InlineData("emails.type eq \"home\"", true)]
    public void Value_paths_need_one_value_to_match_all_of_the_inner_filter(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("title eq \"x\" or userName sw \"ann\"", true)]
    [InlineData("title eq \"x\" or userName sw \"bob\"", false)]
    [InlineData("title pr and userName sw \"ann\" and active eq true", true)]
    [InlineData("title pr and userName sw \"bob\"", false)]
    [InlineData("not (title pr)", false)]
    [InlineData("not (title eq \"x\") and not (nickName pr)", true)]
    [InlineData("title eq \"x\" and userName sw \"bob\" or active eq true", true)]
    [InlineData("title eq \"x\" and (userName sw \"bob\" or active eq true)", false)]
    public void Logical_operators_with_their_precedence(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("nickName ne \"x\"", true)]
    [InlineData("nickName eq null", true)]
    [InlineData("title eq null", false)]
    [InlineData("title ne null", true)]
    [InlineData("nickName co \"\"", false)]
    public void An_absent_attribute_equals_nothing_and_differs_from_everything(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"", true)]
    [InlineData("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:EMPLOYEENUMBER eq \"701984\"", true)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"u-9\"", true)]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"ann\"", true)]
    [InlineData("NAME.GIVENNAME eq \"ann\"", true)]
    public void Extension_attributes_urn_prefixes_and_names_in_any_case(string filter, bool expected)
    {
        Assert.Equal(expected, Matches(filter));
    }

    [Theory]
    [InlineData("nosuch eq \"x\"", "'nosuch', which is not an attribute")]
    [InlineData("name.nosuch eq \"x\"", "'name.nosuch', which is not an attribute")]
    [InlineData("emails[nosuch eq \"x\"]", "has no sub-attribute 'nosuch'")]
    [InlineData("title[value eq \"x\"]", "not a multi-valued complex attribute")]
    [InlineData("active gt true", "a boolean")]
    [InlineData("active eq \"yes\"", "a boolean")]
    [InlineData("userName eq 42", "a string")]
    [InlineData("meta.lastModified gt \"yesterday\"", "a dateTime")]
    [InlineData("name eq \"Ann\"", "complex")]
    [InlineData("title gt null", "only eq and ne compare with null")]
    [InlineData("urn:example:nosuch:2.0:User:x eq \"y\"", "not an attribute")]
    public void Filters_that_do_not_fit_the_schema_are_invalid_filter_errors(string filter, string reason)
    {
        var error = Assert.Throws<ScimFilterException>(() => ScimFilterChecker.Check(ScimFilterParser.Parse(filter), ScimSchemas.User));

        Assert.Equal(ScimTypes.InvalidFilter, error.ScimType);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_extension_added_to_the_schema_is_filterable()
    {
        var schema = ScimSchemas.User.WithExtension(new ScimSchemaExtension("urn:example:udf:2.0:User", [new ScimAttribute("department")]));
        var user = JsonNode.Parse("""{ "urn:example:udf:2.0:User": { "department": "Sales" } }""")!.AsObject();
        var filter = ScimFilterParser.Parse("urn:example:udf:2.0:User:department eq \"sales\"");

        ScimFilterChecker.Check(filter, schema);

        Assert.True(new ScimFilterEvaluator(schema).Matches(filter, new JsonResourceView(user)));
    }

    [Fact]
    public void Values_the_service_builds_from_dotnet_types_compare_like_parsed_json()
    {
        var user = new JsonObject
        {
            ["userName"] = "ann@example.com",
            ["active"] = true,
            ["meta"] = new JsonObject { ["lastModified"] = JsonValue.Create(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero)) },
        };
        var evaluator = new ScimFilterEvaluator(ScimSchemas.User);

        Assert.True(evaluator.Matches(ScimFilterParser.Parse("meta.lastModified gt \"2026-02-01T00:00:00Z\" and active eq true and userName sw \"ANN\""), new JsonResourceView(user)));
    }
}
