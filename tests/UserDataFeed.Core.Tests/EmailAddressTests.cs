using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>The email rules on both sides of their ASCII fast paths: the results are those of the plain per-character rules.</summary>
public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("o'brien+tag@corp.example.com")]
    [InlineData("zoë@exämple.com")]
    [InlineData("!#$%&'*+-/=?^_`{|}~@x.y")]
    public void Plain_addresses_are_valid(string email)
    {
        Assert.True(EmailAddress.IsValid(email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ann")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("ann@@example.com")]
    [InlineData("ann@example")]
    [InlineData("ann@.example.com")]
    [InlineData("ann@example.com.")]
    [InlineData("ann@example..com")]
    [InlineData("ann lee@example.com")]
    [InlineData("ann\t@example.com")]
    [InlineData("ann\u00a0@example.com")]
    [InlineData("ann\u2003@example.com")]
    [InlineData("ann\u0085@example.com")]
    [InlineData("ann\u007f@example.com")]
    [InlineData("<ann@example.com>")]
    [InlineData("ann,bob@example.com")]
    [InlineData("ann;bob@example.com")]
    [InlineData("\"ann\"@example.com")]
    [InlineData("ann(x)@example.com")]
    [InlineData("ann@[example].com")]
    [InlineData("ann\\@example.com")]
    [InlineData("zoë\u00a0@example.com")]
    public void Addresses_breaking_a_rule_are_invalid(string email)
    {
        Assert.False(EmailAddress.IsValid(email));
    }

    [Fact]
    public void Addresses_longer_than_the_maximum_are_invalid()
    {
        Assert.True(EmailAddress.IsValid(new string('a', EmailAddress.MaxLength - 6) + "@x.com"));
        Assert.False(EmailAddress.IsValid(new string('a', EmailAddress.MaxLength - 5) + "@x.com"));
    }

    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann@Example.COM ", "ann@example.com")]
    [InlineData("ZOË@Exämple.com", "zoë@exämple.com")]
    public void Keys_are_trimmed_and_lower_cased_invariantly(string email, string key)
    {
        Assert.Equal(key, EmailAddress.Normalize(email));
    }

    [Theory]
    [InlineData("İlker@Example.com")]
    [InlineData("\u212Aelvin@example.com")]
    [InlineData("ÅSA@example.com")]
    public void Keys_of_non_ascii_addresses_are_those_of_the_invariant_culture(string email)
    {
        Assert.Equal(email.ToLowerInvariant(), EmailAddress.Normalize(email));
    }
}
