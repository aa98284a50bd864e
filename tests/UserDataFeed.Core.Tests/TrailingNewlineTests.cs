using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>Every rule on a name or key refuses a value that is valid but for a final line break (as a regex '$' would let through).</summary>
public sealed class TrailingNewlineTests
{
    public static TheoryData<string, Func<string, bool>> Rules => new()
    {
        { "acme", TenantId.IsValid },
        { "dept", FieldKey.IsValid },
        { GroupNames.Id("Sales EMEA"), GroupNames.IsId },
        { "ann@example.com", EmailAddress.IsValid },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Valid_value_followed_by_a_line_break_is_refused(string valid, Func<string, bool> isValid)
    {
        Assert.True(isValid(valid));
        Assert.False(isValid(valid + "\n"));
        Assert.False(isValid(valid + "\r\n"));
    }
}
