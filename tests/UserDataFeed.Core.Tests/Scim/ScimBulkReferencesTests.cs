using System.Text.Json.Nodes;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>RFC 7644 §3.7.2: "bulkId:x" stands for what the operation with bulkId x created, in an operation's data and path.</summary>
public sealed class ScimBulkReferencesTests
{
    private static ScimBulkReferences With(params string[] bulkIds) => new(bulkIds.ToHashSet(StringComparer.Ordinal));

    [Fact]
    public void References_anywhere_in_the_data_and_in_a_path_segment_are_replaced_by_the_created_ids()
    {
        var references = With("ann", "bob");
        references.Record("ann", "id-ann");
        references.Record("bob", "id-bob");
        var data = JsonNode.Parse("""{"members":[{"value":"bulkId:ann"},{"value":"bulkId:bob"}],"manager":{"value":"bulkId:ann"},"note":"not bulkId:ann"}""");

        references.ResolveIn(data);

        Assert.Equal("""{"members":[{"value":"id-ann"},{"value":"id-bob"}],"manager":{"value":"id-ann"},"note":"not bulkId:ann"}""", data!.ToJsonString());
        Assert.Equal("/Users/id-bob", references.ResolvePath("/Users/bulkId:bob"));
    }

    [Theory]
    [InlineData("nobody", "no operation of this request has bulkId 'nobody'")]
    [InlineData("later", "comes later in the request")]
    [InlineData("failed", "failed, so there is no resource")]
    public void An_unknown_later_or_failed_reference_is_invalidValue(string bulkId, string says)
    {
        var references = With("later", "failed");
        references.Record("failed", null);

        var error = Assert.Throws<ScimException>(() => references.ResolvePath($"/Users/bulkId:{bulkId}"));

        Assert.Equal(ScimTypes.InvalidValue, error.ScimType);
        Assert.Contains(says, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_is_read_with_its_methods_upper_case_and_failOnErrors()
    {
        var request = ScimBulkRequest.Parse(JsonNode.Parse("""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"failOnErrors":2,"Operations":[
              {"method":"post","bulkId":"a","path":"/Users","data":{"userName":"a@b.c"}},
              {"method":"DELETE","path":"/Users/x","version":"W/\"1\""}]}
            """), maxOperations: 10);

        Assert.Equal(2, request.FailOnErrors);
        Assert.Equal(["POST", "DELETE"], request.Operations.Select(o => o.Method));
        Assert.Equal("W/\"1\"", request.Operations[1].Version);
        Assert.Null(request.Operations[1].Data);
    }

    [Fact]
    public void More_operations_than_maxOperations_is_413()
    {
        var body = JsonNode.Parse("""{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{},{},{}]}""");

        var error = Assert.Throws<ScimException>(() => ScimBulkRequest.Parse(body, maxOperations: 2));

        Assert.Equal(413, error.Status);
        Assert.Equal("", error.ScimType);
    }
}
