using System.Text;
using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>A SCIM body is read whole before any rule reads it: what cannot be read is invalidSyntax, never a crash later.</summary>
public sealed class ScimBodyTests
{
    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC5, 0x22, 0x7D })] // {"a":"<a lone lead byte>"}
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D })]             // a name that is not UTF-8
    public void A_body_that_is_not_UTF8_is_invalid_syntax(byte[] body) =>
        Assert.Equal(ScimTypes.InvalidSyntax, Assert.ThrowsAny<ScimException>(() => ScimBody.Parse(body)).ScimType);

    [Theory]
    [InlineData("""{"Operations":[{"op":"add","path":"a","path":"b","value":1}]}""")] // found by the fuzzer: a member named twice
    [InlineData("""{"userName":"\udc00"}""")]                                       // an unpaired surrogate
    [InlineData("""{"userName":"a",}""")]
    [InlineData("null")]
    public void A_body_that_cannot_be_read_whole_is_invalid_syntax(string body) =>
        Assert.Equal(ScimTypes.InvalidSyntax, Assert.ThrowsAny<ScimException>(() => ScimBody.Parse(Encoding.UTF8.GetBytes(body))).ScimType);

    [Fact]
    public void A_body_nested_deeper_than_the_limit_is_invalid_syntax()
    {
        var deep = new string('[', ScimBody.MaxDepth + 1) + new string(']', ScimBody.MaxDepth + 1);
        Assert.Equal(ScimTypes.InvalidSyntax, Assert.ThrowsAny<ScimException>(() => ScimBody.Parse(Encoding.UTF8.GetBytes(deep))).ScimType);
    }

    [Fact]
    public void A_readable_body_is_its_JSON()
    {
        var node = ScimBody.Parse("""{"userName":"zoë@example.com","emails":[{"value":"zoë@example.com","primary":true}]}"""u8);

        Assert.Equal("zoë@example.com", node["emails"]![0]!["value"]!.GetValue<string>());
    }
}
