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
        ImportPlanner.Plan(Rows(mapping, csv), new FieldLayout(mapping), users, threshold, Now).Planned();

    /// <summary>Plans a prepared file against full records.</summary>
    public static ImportPlan PlanAgainst(this PreparedFile file, IEnumerable<UserRecord> users) =>
        ImportPlanner.Plan(file, new FullRecords(users), HoldThreshold.Default, Now).Planned();

    /// <summary>The plan of an outcome that must be one (a file planned against full records always is, unless refused).</summary>
    public static ImportPlan Planned(this PlanOutcome outcome) =>
        outcome as PlanOutcome.Planned is { } planned ? planned.Plan : throw new InvalidOperationException($"Expected a plan, got {outcome}.");

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
        plan.Changes.Single(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));

    extension(UserChange change)
    {
        /// <summary>The full record a create or a replace writes (a patch has none: the test fails).</summary>
        public UserRecord User => change switch
        {
            UserChange.Create create => create.User,
            UserChange.Replace replace => replace.User,
            _ => throw new InvalidOperationException($"{change} writes no full record."),
        };

        /// <summary>The email a replace moves the user from.</summary>
        public string? PreviousEmail => (change as UserChange.Replace)?.PreviousEmail;
    }
}
