using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Core.Tests;

public sealed class TenantIdRuleTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("a-1")]
    [InlineData("0123456789012345678901234567890123456789")]
    public void Valid_ids_make_valid_bucket_names_with_the_default_prefix(string id)
    {
        Assert.Null(TenantId.Problem(id, "udf-"));
    }

    [Theory]
    [InlineData("abc-", "", "start and end")]
    [InlineData("ab", "", "3–40")]
    [InlineData("a_b", "", "a-z, 0-9 and '-'")]
    [InlineData("abc-s3alias", "udf-", "'-s3alias'")]
    [InlineData("abc--ol-s3", "udf-", "'--ol-s3'")]
    [InlineData("abc--x-s3", "udf-", "'--x-s3'")]
    [InlineData("xn--abc", "", "'xn--'")]
    [InlineData("sthree-abc", "", "'sthree-'")]
    [InlineData("0123456789012345678901234567890123456789", "a-very-long-prefix-0123-", "3–63")]
    public void Id_or_bucket_name_that_breaks_a_rule_is_refused_naming_the_rule(string id, string prefix, string rule)
    {
        Assert.Contains(rule, TenantId.Problem(id, prefix), StringComparison.Ordinal);
    }

    [Fact]
    public void Ip_address_shaped_and_double_dot_bucket_names_are_refused()
    {
        Assert.Contains("IP address", BucketName.Problem("192.168.10.1"), StringComparison.Ordinal);
        Assert.Contains("two dots", BucketName.Problem("a..b"), StringComparison.Ordinal);
    }
}
