using System.Text.Json.Nodes;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>Runs a PATCH body on a resource, both written as JSON, and compares results as JSON.</summary>
internal static class ScimPatching
{
    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static ScimPatchResult Run(string resource, string body, ScimSchema? schema = null) =>
        new ScimPatcher(schema ?? ScimSchemas.User).Apply(Json(resource), ScimPatchRequest.Parse(JsonNode.Parse(body)));

    public static JsonObject Patch(string resource, string body, ScimSchema? schema = null) => Run(resource, body, schema).Resource;

    /// <summary>The PATCH body of these operations (a JSON array's text).</summary>
    public static string Ops(string operations) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":{{operations}}}""";

    public static void Same(string expected, JsonNode actual)
    {
        var wanted = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(wanted, actual), $"expected {wanted!.ToJsonString()}\n     got {actual.ToJsonString()}");
    }

    public static ScimException Fails(string resource, string body, ScimSchema? schema = null) =>
        Assert.ThrowsAny<ScimException>(() => Run(resource, body, schema));
}
