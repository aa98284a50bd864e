using System.Text;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>Builders for mappings, feed files and users, so each test states only what it is about.</summary>
internal static class Builders
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static FeedMapping MappingOf(params (string Field, string Column)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            [PlatformFields.Email] = "Email",
            [PlatformFields.FirstName] = "First",
            [PlatformFields.LastName] = "Last",
        };
        foreach (var (field, column) in extra)
        {
            fields[field] = column;
        }

        return new FeedMapping(fields);
    }

    public static List<FeedRow> Rows(FeedMapping mapping, string csv) => Read(new FieldLayout(mapping), Encoding.UTF8.GetBytes(csv));

    public static List<FeedRow> Read(FieldLayout layout, byte[] bytes)
    {
        using var reader = FeedFileReader.OpenAsync(new MemoryStream(bytes), layout, CancellationToken.None).GetAwaiter().GetResult();
        return [.. reader.ReadRows()];
    }

    public static ImportPlan Plan(FeedMapping mapping, string csv, params UserRecord[] users) =>
        Plan(mapping, csv, HoldThreshold.Default, users);

    public static ImportPlan Plan(FeedMapping mapping, string csv, HoldThreshold threshold, params UserRecord[] users) =>
        ImportPlanner.Plan(Rows(mapping, csv), new FieldLayout(mapping), users, threshold, Now);

    public static UserRecord FeedUser(string email, string first = "Ann", string last = "Lee") => new()
    {
        UserId = "id-" + email,
        Email = email,
        FirstName = first,
        LastName = last,
        CreatedBy = CreatedBy.Feed,
        CreatedAt = Now.AddDays(-10),
        UpdatedAt = Now.AddDays(-10),
    };

    public static UserRecord PlatformUser(string email, string first = "Pat", string last = "Kim") =>
        FeedUser(email, first, last) with { CreatedBy = CreatedBy.Platform };

    public static UserChange ChangeFor(this ImportPlan plan, string email) =>
        plan.Changes.Single(c => string.Equals(c.User.Email, email, StringComparison.OrdinalIgnoreCase));
}
