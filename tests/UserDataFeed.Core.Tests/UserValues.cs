using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Tests;

/// <summary>The values of a user that a <see cref="UserChange.Patch"/> writes (each group only when set), and UpdatedAt.</summary>
[Flags]
public enum UserValues
{
    None = 0,

    /// <summary>Email as written, first and last name.</summary>
    Identity = 1,

    /// <summary>Active, and whether the feed deactivated the user for absence; or only the files missed (<see cref="UserPatch.MissedFiles"/>).</summary>
    Status = 2,
    ExternalId = 4,
    FeedRoles = 8,
    DerivedManager = 16,
    Managers = 32,
    CustomFields = 64,
    FeedGroups = 128,

    /// <summary>The mapped start and end dates, and whether the user waits for the start.</summary>
    Dates = 256,
}

/// <summary>Which value groups a patch writes, for a test to compare in one assertion.</summary>
public static class UserPatchWrites
{
    extension(UserPatch patch)
    {
        public UserValues Writes =>
            (patch.Names is null ? UserValues.None : UserValues.Identity)
            | (patch.Status is null && patch.MissedFiles is null ? UserValues.None : UserValues.Status)
            | (patch.ExternalId is null ? UserValues.None : UserValues.ExternalId)
            | (patch.FeedRoles is null ? UserValues.None : UserValues.FeedRoles)
            | (patch.DerivedManager is null ? UserValues.None : UserValues.DerivedManager)
            | (patch.Managers is null ? UserValues.None : UserValues.Managers)
            | (patch.CustomFields is null ? UserValues.None : UserValues.CustomFields)
            | (patch.FeedGroups is null ? UserValues.None : UserValues.FeedGroups)
            | (patch.Dates is null ? UserValues.None : UserValues.Dates);
    }
}
