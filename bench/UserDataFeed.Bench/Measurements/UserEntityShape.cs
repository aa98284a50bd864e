using System.Text.Json;
using Azure.Data.Tables;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Bench.Measurements;

/// <summary>
/// A generated person as a table entity with the properties, types and value sizes the product's
/// UserStore writes for a feed-created user, so the ceiling and the naive importer move the same bytes.
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

        var managers = person.ManagerEmails.Length == 0 ? null : person.ManagerEmails.ToLowerInvariant();
        return new TableEntity(partition, UserStore.RowKeyOf(person.Email))
        {
            ["UserId"] = Guid.NewGuid().ToString("N"),
            ["Email"] = person.Email,
            ["FirstName"] = person.FirstName,
            ["LastName"] = person.LastName,
            ["Active"] = person.Status == "1",
            ["DeactivatedForAbsence"] = false,
            ["CustomFields"] = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["costCentre"] = person.CostCentre,
                ["department"] = person.Department,
                ["site"] = person.Site,
            }),
            ["PlatformRoles"] = 0,
            ["FeedRoles"] = (int)feedRoles,
            ["DerivedManager"] = feedRoles.HasFlag(Roles.Manager),
            ["Managers"] = managers,
            ["CreatedBy"] = "feed",
            ["CreatedAt"] = Stamp,
            ["UpdatedAt"] = Stamp,
        };
    }
}
