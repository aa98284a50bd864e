using System.ComponentModel.DataAnnotations;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.IntegrationTests;

/// <summary>The regular expressions that validate names and settings match the whole value: none lets a final line break through.</summary>
public sealed class ValidationPatternTests
{
    [Theory]
    [InlineData("hook")]
    [InlineData("ops_1")]
    public void Webhook_name_followed_by_a_line_break_is_refused(string name)
    {
        Assert.True(WebhookRules.IsValidName(name));
        Assert.False(WebhookRules.IsValidName(name + "\n"));
    }

    public static TheoryData<object, string, string> Settings => new()
    {
        { new TableStorageOptions(), nameof(TableStorageOptions.Prefix), "udf" },
        { new S3Options(), nameof(S3Options.BucketPrefix), "udf-" },
        { new S3Options(), nameof(S3Options.Provider), "rgw" },
        { new QueueOptions(), nameof(QueueOptions.Name), "udf-work" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Setting_followed_by_a_line_break_is_refused(object options, string property, string valid)
    {
        Assert.True(IsValid(options, property, valid));
        Assert.False(IsValid(options, property, valid + "\n"));
    }

    private static bool IsValid(object options, string property, string value) =>
        Validator.TryValidateProperty(value, new ValidationContext(options) { MemberName = property }, []);
}
