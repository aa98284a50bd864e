using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Core.Tests;

/// <summary>The one check of a whole mapping (<see cref="MappingRules"/>) and what it stores (<see cref="MappingJson"/>).</summary>
public sealed class MappingRulesTests
{
    private static readonly string[] CustomKeys = ["dept"];

    private static Dictionary<string, string> Fields(string email = "Email") =>
        new() { ["email"] = email, ["firstName"] = "First", ["lastName"] = "Last", ["custom.DEPT"] = "Dept" };

    private static Dictionary<string, FieldTransform?> MapWith(string key, string? value) =>
        new() { ["custom.dept"] = new FieldTransform("map", Values: new Dictionary<string, string> { ["HR"] = "Human Resources", [key] = value! }) };

    [Fact]
    public void Valid_mapping_is_given_canonical_and_trimmed_with_no_errors()
    {
        var check = MappingRules.Check(Fields(" Email "), [new ScopeRule(" Type ", In: [" Employee "])], MapWith("IT", "Tech"), CustomKeys);

        Assert.Empty(check.Errors);
        Assert.Equal("Email", check.Mapping!.Fields["email"]);
        Assert.True(check.Mapping.Fields.ContainsKey("custom.dept"));
        Assert.Equal(("Type", "Employee"), (check.Mapping.Scope[0].Column, check.Mapping.Scope[0].In![0]));
    }

    [Fact]
    public void Null_map_value_is_an_error_named_by_its_key_and_gives_no_mapping()
    {
        var check = MappingRules.Check(Fields(), null, MapWith("x", null), CustomKeys);

        Assert.Null(check.Mapping);
        Assert.Contains("null", Assert.Single(check.Errors, e => e.Key == "transforms.custom.dept.values[\"x\"]").Value[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_mapping_with_a_null_map_value_has_a_problem_naming_it_and_a_long_column_name_does_not()
    {
        var broken = new FeedMapping(Fields()) { Transforms = new Dictionary<string, FieldTransform> { ["custom.DEPT"] = MapWith("x", null)["custom.dept"]! } };
        var longName = new FeedMapping(Fields(new string('e', 300)));

        Assert.Contains("transforms.custom.DEPT.values[\"x\"]", MappingRules.ProblemOf(broken), StringComparison.Ordinal);
        Assert.Null(MappingRules.ProblemOf(longName));
        Assert.Contains("256", MappingRules.Check(longName.Fields, null, null, CustomKeys).Errors["fields.email"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Text_outside_ascii_is_stored_as_it_is_so_it_counts_one_character_each()
    {
        var values = Enumerable.Range(0, 100).ToDictionary(i => $"k{i}", i => new string('é', 250));
        var check = MappingRules.Check(Fields(), null, new Dictionary<string, FieldTransform?> { ["custom.dept"] = new FieldTransform("map", Values: values) }, CustomKeys);

        var stored = MappingJson.Transforms(check.Mapping!.Transforms)!;
        Assert.InRange(stored.Length, 25_000, MappingJson.MaxChars);
        Assert.Equal(new string('é', 250), MappingJson.ReadTransforms(stored)["custom.dept"].Values!["k7"]);
    }

    [Fact]
    public void Parts_within_every_string_limit_but_too_large_to_store_are_an_error_on_the_part()
    {
        var values = Enumerable.Range(0, 1000).ToDictionary(i => $"k{i}", i => new string('v', 200));

        var check = MappingRules.Check(Fields(), null, new Dictionary<string, FieldTransform?> { ["custom.dept"] = new FieldTransform("map", Values: values) }, CustomKeys);

        Assert.Null(check.Mapping);
        Assert.Contains("32,000", Assert.Single(check.Errors, e => e.Key == "transforms").Value[0], StringComparison.Ordinal);
    }
}
