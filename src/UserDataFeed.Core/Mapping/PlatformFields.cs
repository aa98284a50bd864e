namespace UserDataFeed.Core.Mapping;

/// <summary>The platform fields a CSV column can feed (SPEC §3).</summary>
public static class PlatformFields
{
    public const string Email = "email";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Status = "status";
    public const string Roles = "roles";
    public const string Managers = "managers";
    public const string ExternalId = "externalId";
    public const string Groups = "groups";
    public const string StartDate = "startDate";
    public const string EndDate = "endDate";
    public const string CustomPrefix = "custom.";

    public static readonly IReadOnlyList<string> Standard = [Email, FirstName, LastName, Status, Roles, Managers, ExternalId, Groups, StartDate, EndDate];

    public static readonly IReadOnlyList<string> Required = [Email, FirstName, LastName];

    public static bool IsCustom(string field) => field.StartsWith(CustomPrefix, StringComparison.Ordinal);

    public static string CustomKey(string field) => field[CustomPrefix.Length..];

    public static string Custom(string key) => CustomPrefix + key;
}
