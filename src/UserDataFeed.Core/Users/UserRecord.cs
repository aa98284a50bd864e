namespace UserDataFeed.Core.Users;

public enum CreatedBy
{
    Platform,
    Feed,
}

/// <summary>
/// A user of a tenant as stored. Roles are kept by where they came from, so the feed can merge its
/// roles without touching roles granted through the platform.
/// </summary>
public sealed record UserRecord
{
    public required string UserId { get; init; }

    public required string Email { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    /// <summary>The user's status: <see cref="InactiveReason.None"/> when active, else why they are inactive.</summary>
    public InactiveReason InactiveBecause { get; init; }

    public bool Active => InactiveBecause == InactiveReason.None;

    /// <summary>The feed deactivated the user because files no longer listed them (or only outside the scope).</summary>
    public bool DeactivatedForAbsence => InactiveBecause is InactiveReason.Absence or InactiveReason.OutOfScope;

    /// <summary>
    /// The platform (<c>PUT …/users/{email}</c> with status inactive) deactivated the user, until it makes them active
    /// again: meanwhile no file reactivates them.
    /// </summary>
    public bool BlockedByPlatform => InactiveBecause == InactiveReason.Platform;

    /// <summary>The consecutive files that did not list this active feed user (the grace period: <c>deactivateAfterMissingFiles</c>); 0 once a row applies.</summary>
    public int MissedFiles { get; init; }

    /// <summary>
    /// The import that counted the last of <see cref="MissedFiles"/> (null while none is counted): the same import
    /// planned again against what it wrote (a continued or resumed run) does not count its file a second time.
    /// </summary>
    public string? MissedInImport { get; init; }

    public string? ExternalId { get; init; }

    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = EmptyFields;

    public Roles PlatformRoles { get; init; }

    public Roles FeedRoles { get; init; }

    /// <summary>Manager because some row of the latest file lists this user as a manager.</summary>
    public bool DerivedManager { get; init; }

    public IReadOnlyList<string> Managers { get; init; } = [];

    /// <summary>The start date as the file wrote it, and when it begins in the tenant's time zone (<c>startDate</c>).</summary>
    public UserDate? StartDate { get; init; }

    /// <summary>The end date as the file wrote it, and when it ends (<c>endDate</c>).</summary>
    public UserDate? EndDate { get; init; }

    /// <summary>Inactive only because the start date is still to come: the poller activates the user when it begins.</summary>
    public bool AwaitingStart { get; init; }

    /// <summary>The ids of the groups the latest file that mapped groups lists the user in (ordinal order).</summary>
    public IReadOnlyList<string> FeedGroups { get; init; } = [];

    /// <summary>The ids of the groups the platform put the user in (<c>PUT …/groups/{groupId}/members/{email}</c>); never removed by the feed.</summary>
    public IReadOnlyList<string> PlatformGroups { get; init; } = [];

    public CreatedBy CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public Roles EffectiveRoles =>
        Roles.Learner | PlatformRoles | FeedRoles | (DerivedManager ? Roles.Manager : Roles.None);

    /// <summary>The groups the user is a member of, from the feed or the platform, each once (ordinal order).</summary>
    public IReadOnlyList<string> Groups => [.. FeedGroups.Union(PlatformGroups, StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static readonly IReadOnlyDictionary<string, string> EmptyFields =
        new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>True when every value the feed or platform controls is the same (timestamps aside).</summary>
    public bool SameContentAs(UserRecord other) =>
        string.Equals(Email, other.Email, StringComparison.Ordinal)
        && string.Equals(FirstName, other.FirstName, StringComparison.Ordinal)
        && string.Equals(LastName, other.LastName, StringComparison.Ordinal)
        && InactiveBecause == other.InactiveBecause
        && MissedFiles == other.MissedFiles
        && string.Equals(MissedInImport, other.MissedInImport, StringComparison.Ordinal)
        && string.Equals(ExternalId, other.ExternalId, StringComparison.Ordinal)
        && PlatformRoles == other.PlatformRoles
        && FeedRoles == other.FeedRoles
        && DerivedManager == other.DerivedManager
        && CreatedBy == other.CreatedBy
        && Managers.SequenceEqual(other.Managers, StringComparer.Ordinal)
        && StartDate == other.StartDate
        && EndDate == other.EndDate
        && AwaitingStart == other.AwaitingStart
        && FeedGroups.SequenceEqual(other.FeedGroups, StringComparer.Ordinal)
        && PlatformGroups.SequenceEqual(other.PlatformGroups, StringComparer.Ordinal)
        && SameFields(CustomFields, other.CustomFields);

    private static bool SameFields(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count
        && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
}

/// <summary>A start or end date of a user: the text the file gave (<see cref="Mapping.FeedDates"/>) and the instant it stands for.</summary>
public sealed record UserDate(string Text, DateTimeOffset At);
