using FsCheck;
using FsCheck.Fluent;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>A PATCH body of random operations, right and wrong, as JSON text.</summary>
public sealed record PatchBody(string Json)
{
    public override string ToString() => Json;
}

/// <summary>Random PATCH bodies: ops in any case or none, real and made-up paths, values of every JSON kind.</summary>
public static class ScimPatchArbitraries
{
    private static readonly string[] Ops = ["add", "Replace", "REMOVE", "remove", "move", ""];

    private static readonly string[] Paths =
    [
        "userName", "active", "name", "name.givenName", "emails", "emails.value", "emails[type eq \\\"work\\\"]",
        "emails[type eq \\\"work\\\"].value", "emails[value co \\\"x\\\"].primary", "emails[type eq]", "groups", "id", "meta",
        "meta.lastModified", "password", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "nosuch", "name[givenName eq \\\"x\\\"]", "emails[type eq \\\"work\\\"", "", "x..y", "$ref",
    ];

    private static readonly string[] Values =
    [
        "null", "true", "\"False\"", "\"x@example.com\"", "42", "1.5", "[]", "{}", "[{\"value\":\"v\"}]",
        "[{\"value\":\"a@b.c\",\"type\":\"work\",\"primary\":true}]", "{\"givenName\":\"Ann\"}", "{\"active\":false}",
        "{\"name.givenName\":\"A\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\":\"S\"}",
        "{\"value\":5}", "[[1]]", "{\"id\":\"u-1\"}", "{\"nosuch\":1}", "\"2026-01-01T00:00:00Z\"", "[null]", "{\"emails\":[{\"kind\":1}]}",
    ];

    public static Arbitrary<PatchBody> Bodies() => Arb.From(
        from count in Gen.Choose(1, 4)
        from operations in Gen.ListOf(Operation, count)
        select new PatchBody($$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{string.Join(",", operations)}}]}"""));

    private static Gen<string> Operation =>
        from op in Gen.Elements(Ops)
        from path in Gen.Frequency((4, Gen.Elements(Paths).Select(p => $",\"path\":\"{p}\"")), (1, Gen.Constant("")))
        from value in Gen.Frequency((5, Gen.Elements(Values).Select(v => $",\"value\":{v}")), (1, Gen.Constant("")))
        select $"{{\"op\":\"{op}\"{path}{value}}}";
}
