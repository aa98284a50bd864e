using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Tests;

public sealed class FeedMappingTests
{
    private static readonly HashSet<string> CustomKeys = ["department"];

    [Fact]
    public void Valid_mapping_has_no_errors()
    {
        var errors = FeedMapping.Validate(new Dictionary<string, string>
        {
            ["email"] = "Work Email",
            ["firstName"] = "Given",
            ["lastName"] = "Surname",
            ["custom.department"] = "Dept",
        }, CustomKeys);

        Assert.Empty(errors);
    }

    [Fact]
    public void Required_fields_must_be_mapped()
    {
        var errors = FeedMapping.Validate(new Dictionary<string, string> { ["email"] = "Email" }, CustomKeys);

        Assert.Equal(["firstName", "lastName"], errors.Keys.Order());
    }

    [Fact]
    public void Unknown_platform_field_and_undefined_custom_field_are_rejected()
    {
        var errors = FeedMapping.Validate(new Dictionary<string, string>
        {
            ["email"] = "E", ["firstName"] = "F", ["lastName"] = "L", ["nickname"] = "N", ["custom.site"] = "S",
        }, CustomKeys);

        Assert.Equal(["custom.site", "nickname"], errors.Keys.Order());
    }

    [Fact]
    public void A_column_may_feed_only_one_field()
    {
        var errors = FeedMapping.Validate(new Dictionary<string, string> { ["email"] = "E", ["firstName"] = "Name", ["lastName"] = " name " }, CustomKeys);

        Assert.Single(errors);
    }

    [Fact]
    public void Custom_field_keys_in_a_mapping_resolve_to_the_stored_key_whatever_their_case()
    {
        var (fields, errors) = FeedMapping.Canonical(new Dictionary<string, string> { ["email"] = "Email", ["custom.DEPARTMENT"] = "Dept", ["custom.Site"] = "Site" }, CustomKeys);

        Assert.Empty(errors);
        Assert.Equal(["custom.department", "custom.site", "email"], fields.Keys.Order());
    }

    [Fact]
    public void Custom_field_named_twice_in_different_cases_is_an_error()
    {
        var (_, errors) = FeedMapping.Canonical(new Dictionary<string, string> { ["custom.Department"] = "A", ["custom.department"] = "B" }, CustomKeys);

        Assert.Equal(["custom.department"], errors.Keys);
    }
}
