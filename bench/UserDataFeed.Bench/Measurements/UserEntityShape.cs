using Azure.Data.Tables;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// A generated person as the table entity the product's UserStore writes for a feed-created user of a tenant that keeps
/// history (the default): built by the product's own <see cref="UserEntities"/>, with where the user's history starts
/// (<see cref="HistoryRows.SetStart"/>), so the ceiling and the naive importer move the same bytes.
/// </summary>
public static class UserEntityShape
{
    private static readonly DateTimeOffset Stamp = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TableEntity From(string partition, HrPerson person)
    {
        var feedRoles = Roles.None;
        foreach (var name in person.Roles.Split('|'))
        {
            feedRoles |= RoleNames.TryParse(name, out var role) && role != Roles.Learner ? role : Roles.None;
        }

        var entity = UserEntities.From(partition, new UserRecord
        {
            UserId = Guid.NewGuid().ToString("N"),
            Email = person.Email,
            FirstName = person.FirstName,
            LastName = person.LastName,
            InactiveBecause = person.Status == "1" ? InactiveReason.None : InactiveReason.StatusColumn,
            CustomFields = new Dictionary<string, string>
            {
                ["costCentre"] = person.CostCentre,
                ["department"] = person.Department,
                ["site"] = person.Site,
            },
            FeedRoles = feedRoles,
            DerivedManager = feedRoles.HasFlag(Roles.Manager),
            Managers = person.ManagerEmails.Length == 0 ? [] : person.ManagerEmails.ToLowerInvariant().Split('|'),
            CreatedBy = CreatedBy.Feed,
            CreatedAt = Stamp,
            UpdatedAt = Stamp,
        });
        HistoryRows.SetStart(entity, HistorySource.OfImport(Core.Imports.ImportRecord.NewId(Stamp), "incoming/users.csv"), Core.Planning.ChangeCause.Row);
        return entity;
    }
}
