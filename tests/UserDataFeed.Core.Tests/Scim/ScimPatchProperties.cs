using System.Text.Json.Nodes;
using FsCheck.Xunit;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>Whatever a client sends, PATCH answers with a result or a SCIM error, never another exception.</summary>
public sealed class ScimPatchProperties
{
    private const string User = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u-1","userName":"ann","name":{"givenName":"Ann"},"active":true,
         "emails":[{"value":"ann@example.com","type":"work","primary":true}],"meta":{"lastModified":"2026-01-01T00:00:00Z"}}
        """;

    [Property(Arbitrary = [typeof(ScimPatchArbitraries)], MaxTest = 2000)]
    public void Parsing_and_applying_any_patch_throws_nothing_but_scim_errors(PatchBody body)
    {
        var resource = JsonNode.Parse(User)!.AsObject();
        try
        {
            var operations = ScimPatchRequest.Parse(JsonNode.Parse(body.Json));
            var result = new ScimPatcher(ScimSchemas.User).Apply(resource, operations);
            Assert.Equal("u-1", (string?)result.Resource["id"]);
        }
        catch (ScimException error)
        {
            Assert.Equal(400, error.Status);
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(User), resource), "the patch changed the resource it was given");
    }

    [Property(Arbitrary = [typeof(ScimFilterArbitraries)], MaxTest = 2000)]
    public void The_patch_path_parser_throws_nothing_but_path_and_filter_errors(FilterText text)
    {
        try
        {
            ScimPatchPathParser.Parse(text.Text);
        }
        catch (ScimException error)
        {
            Assert.Contains(error.ScimType, new[] { ScimTypes.InvalidPath, ScimTypes.InvalidFilter });
        }
    }
}
