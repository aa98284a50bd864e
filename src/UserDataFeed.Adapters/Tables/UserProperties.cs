namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The names of a user entity's properties, for everything that writes, reads, queries or replays one
/// (<see cref="UserEntities"/>, <see cref="UserStore"/>'s filters, <see cref="HistoryRows"/>). What users were stored
/// with stays readable, so a name here never changes.
/// </summary>
public static class UserProperties
{
    public const string UserId = "UserId";
    public const string Email = "Email";
    public const string FirstName = "FirstName";
    public const string LastName = "LastName";
    public const string ExternalId = "ExternalId";

    /// <summary>Whether the user is active; <see cref="InactiveBecause"/> says why not.</summary>
    public const string Active = "Active";

    /// <summary>The reason an inactive user is (<c>InactiveReasonNames</c>), written only while inactive; empty: none.</summary>
    public const string InactiveBecause = "InactiveBecause";

    public const string MissedFiles = "MissedFiles";
    public const string MissedInImport = "MissedInImport";
    public const string PlatformRoles = "PlatformRoles";
    public const string FeedRoles = "FeedRoles";
    public const string DerivedManager = "DerivedManager";

    /// <summary>The managers' emails, '|'-separated.</summary>
    public const string Managers = "Managers";

    /// <summary>The ids of the groups the feed put the user in, '|'-separated.</summary>
    public const string FeedGroups = "FeedGroups";

    /// <summary>The ids of the groups the platform put the user in, '|'-separated.</summary>
    public const string PlatformGroups = "PlatformGroups";

    /// <summary>Whether the user waits for their start date to become active.</summary>
    public const string AwaitingStart = "AwaitingStart";

    /// <summary>The start date as the file wrote it; "" for none.</summary>
    public const string StartDate = "StartDate";

    /// <summary>The start date's instant in UTC ticks, which compare in a query filter; 0 for none.</summary>
    public const string StartsAtTicks = "StartsAtTicks";

    /// <summary>The end date as the file wrote it; "" for none.</summary>
    public const string EndDate = "EndDate";

    /// <summary>The end date's instant in UTC ticks; 0 for none.</summary>
    public const string EndsAtTicks = "EndsAtTicks";

    /// <summary><c>feed</c> or <c>platform</c>.</summary>
    public const string CreatedBy = "CreatedBy";

    public const string CreatedAt = "CreatedAt";
    public const string UpdatedAt = "UpdatedAt";

    /// <summary>The prefix of a custom field's property: <c>cf_</c> and the escaped key (<see cref="UserEntities.CustomProperty"/>).</summary>
    public const string CustomFieldPrefix = "cf_";

    /// <summary>Where the user's history starts (JSON, kept in pieces: <see cref="EntityValues.SetLongText"/>).</summary>
    public const string HistoryStart = "HistoryStart";

    /// <summary>The row keys the user had before an email change, each with the instant they left it (JSON).</summary>
    public const string HistoryKeys = "HistoryKeys";

    /// <summary>How custom fields were stored before they had properties of their own: one JSON object. Still read.</summary>
    public const string LegacyCustomFields = "CustomFields";

    /// <summary>A flag an inactive user's reason was told from before <see cref="InactiveBecause"/> was kept. Still read.</summary>
    public const string LegacyBlockedByPlatform = "BlockedByPlatform";

    /// <summary>A flag an inactive user's reason was told from before <see cref="InactiveBecause"/> was kept. Still read.</summary>
    public const string LegacyDeactivatedForAbsence = "DeactivatedForAbsence";
}
