using UserDataFeed.Core.Scim;

namespace UserDataFeed.Core.Tests.Scim;

/// <summary>The simple matching queries identity providers send are recognised as key look-ups; anything more is not.</summary>
public sealed class ScimKeyFilterTests
{
    [Theory]
    // Entra's and Okta's user matching: learn.microsoft.com "Use SCIM to provision users and groups" (Get User by query),
    // developer.okta.com "SCIM 2.0 Protocol Reference" (Determine if the User already exists).
    [InlineData("userName eq \"Test_User@contoso.com\"", ScimKey.UserName, "Test_User@contoso.com")]
    [InlineData("USERNAME EQ \"a@b.c\"", ScimKey.UserName, "a@b.c")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"a@b.c\"", ScimKey.UserName, "a@b.c")]
    [InlineData("externalId eq \"0a21f0f2\"", ScimKey.ExternalId, "0a21f0f2")]
    [InlineData("id eq \"u-1\"", ScimKey.Id, "u-1")]
    // Entra's matching on the work email (same page, /Users requirements).
    [InlineData("emails[type eq \"work\"].value eq \"a@b.c\"", ScimKey.WorkEmail, "a@b.c")]
    [InlineData("emails[value eq \"a@b.c\" and type eq \"Work\"]", ScimKey.WorkEmail, "a@b.c")]
    [InlineData("emails.value eq \"a@b.c\"", ScimKey.Email, "a@b.c")]
    [InlineData("emails eq \"a@b.c\"", ScimKey.Email, "a@b.c")]
    // Entra's and Okta's group matching (Get Group by displayName).
    [InlineData("displayName eq \"Sales\"", ScimKey.DisplayName, "Sales")]
    public void Simple_equality_on_a_key_is_a_key_lookup(string filter, ScimKey key, string value)
    {
        Assert.Equal(new ScimKeyFilter(key, value), ScimKeyFilter.Recognise(ScimFilterParser.Parse(filter)));
    }

    [Theory]
    [InlineData("userName ne \"a@b.c\"")]
    [InlineData("userName sw \"a\"")]
    [InlineData("userName eq \"a\" or userName eq \"b\"")]
    [InlineData("userName eq \"a\" and active eq true")]
    [InlineData("title eq \"a\"")]
    [InlineData("emails[type eq \"home\"].value eq \"a@b.c\"")]
    [InlineData("emails[type eq \"work\"]")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName eq \"a\"")]
    [InlineData("not (userName eq \"a\")")]
    public void Anything_else_is_not(string filter)
    {
        Assert.Null(ScimKeyFilter.Recognise(ScimFilterParser.Parse(filter)));
    }
}
