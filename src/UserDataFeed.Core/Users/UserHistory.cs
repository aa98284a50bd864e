using System.Globalization;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Users;

/// <summary>Who or what made a change to a user: an import (with its file), the platform's API, a SCIM client, or a date falling due between files.</summary>
public sealed record HistorySource(string By, string Id, string? FileKey = null)
{
    public const string Import = "import";
    public const string Platform = "platform";
    public const string Dates = "dates";
    public const string Scim = "scim";

    public static HistorySource OfImport(string importId, string fileKey) => new(Import, importId, fileKey);

    /// <summary>An edit through the API: its id only tells apart two edits of the same instant.</summary>
    public static HistorySource OfPlatform() => new(Platform, Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A SCIM client's request: the token it came with, and what tells apart two requests of the same instant.</summary>
    public static HistorySource OfScim(string tokenId) => new(Scim, $"{tokenId}.{Guid.NewGuid().ToString("N")[..8]}");

    public static HistorySource OfDates(DateTimeOffset at) => new(Dates, at.UtcTicks.ToString(CultureInfo.InvariantCulture));
}

/// <summary>One value of a user that a change moved: its field (named as the user's API names it), before, after, and why, where a rule decided it.</summary>
public sealed record FieldChange(string Field, string? From, string? To, string? Reason = null);

/// <summary>One change to a user, as their history keeps it.</summary>
public sealed record HistoryEntry(string UserId, string Email, DateTimeOffset At, HistorySource Source, string Change, IReadOnlyList<FieldChange> Fields);

/// <summary>
/// What a change did to a user, field by field, and why: the reasons the feed rules give (<see cref="Reasons"/>). One
/// place, so the history says what the rules decided in their own words. A change that moves no value is no entry.
/// </summary>
public static class UserHistory
{
    /// <summary>The reasons an entry's fields can give.</summary>
    public static class Reasons
    {
        public const string AbsentFromFile = "absent from file";
        public const string OutOfScope = "out of scope";
        public const string StatusColumn = "status column";
        public const string EndDatePassed = "end date passed";
        public const string EndDateMoved = "end date moved";
        public const string StartDateToCome = "start date to come";
        public const string StartDateReached = "start date reached";
        public const string BackInFile = "back in file";
        public const string DerivedManager = "derived manager";
        public const string MatchedByExternalId = "matched by externalId";
    }

    /// <summary>The entry a change makes, or null when it moves no value (timestamps aside).</summary>
    public static HistoryEntry? EntryOf(UserRecord? before, UserRecord after, ChangeCause cause, HistorySource source, DateTimeOffset at)
    {
        var fields = Compare(before, after, cause);
        if (fields.Count == 0)
        {
            return null;
        }

        var change = before is null ? "created"
            : before.Active && !after.Active ? "deactivated"
            : !before.Active && after.Active ? "reactivated"
            : "updated";
        return new HistoryEntry(after.UserId, after.Email, at, source, change, fields);
    }

    /// <summary>The values that differ between <paramref name="before"/> (null: a new user) and <paramref name="after"/>, in a fixed order.</summary>
    public static IReadOnlyList<FieldChange> Compare(UserRecord? before, UserRecord after, ChangeCause cause)
    {
        var fields = new List<FieldChange>();
        void Add(string field, string? from, string? to, string? reason = null)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                fields.Add(new FieldChange(field, from, to, reason));
            }
        }

        Add("email", before?.Email, after.Email, before is not null && after.ExternalId is not null && before.ExternalId == after.ExternalId ? Reasons.MatchedByExternalId : null);
        Add("firstName", before?.FirstName, after.FirstName);
        Add("lastName", before?.LastName, after.LastName);
        var status = StatusOf(after);
        if (before is null || before.Active != after.Active)
        {
            Add("status", before is null ? null : StatusOf(before), status, StatusReason(before, after, cause));
        }

        // A new user starts unblocked with no file missed, so those are news only when they are not so.
        Add("blockedByPlatform", Flag(before?.BlockedByPlatform ?? false), Flag(after.BlockedByPlatform));
        Add("missedFiles", Count(before?.MissedFiles ?? 0), Count(after.MissedFiles),
            after.MissedFiles > (before?.MissedFiles ?? 0) ? AbsenceReason(cause) : null);
        Add("externalId", before?.ExternalId, after.ExternalId);
        Add("roles", before is null ? null : RolesOf(before), RolesOf(after),
            before is not null && before.DerivedManager != after.DerivedManager ? Reasons.DerivedManager : null);
        Add("managers", List(before?.Managers), List(after.Managers));
        Add("groups", before is null ? null : GroupsOf(before), GroupsOf(after));
        Add("startDate", before?.StartDate?.Text, after.StartDate?.Text);
        Add("endDate", before?.EndDate?.Text, after.EndDate?.Text);
        var former = before?.CustomFields ?? UserRecord.EmptyFields;
        foreach (var key in former.Keys.Union(after.CustomFields.Keys).Order(StringComparer.Ordinal))
        {
            Add("customFields." + key, former.GetValueOrDefault(key), after.CustomFields.GetValueOrDefault(key));
        }

        return fields;
    }

    /// <summary>
    /// Why a planned <see cref="ChangeKind.Deactivate"/> deactivates its user, as their history will say it: the reason
    /// the plan's verdict gave the user's new status.
    /// </summary>
    public static string DeactivationReason(UserChange change) => change switch
    {
        UserChange.Replace { User: var after } => InactiveText(after.InactiveBecause),
        UserChange.Patch { Values.Status: { } status } => InactiveText(status),
        _ => null,
    } ?? throw new ArgumentException($"This {change.GetType().Name} deactivates nobody.", nameof(change));

    /// <summary>
    /// Why the user's status is what it became, as the rule that decided it said (<see cref="UserRecord.InactiveBecause"/>):
    /// for a user made inactive, that reason; for one made active again, the reason they were inactive that no longer
    /// holds (absence: back in file; an end date: moved; a start date: reached). Nothing for a platform edit (its source
    /// says it) nor for a new active user.
    /// </summary>
    private static string? StatusReason(UserRecord? before, UserRecord after, ChangeCause cause) =>
        cause == ChangeCause.Platform ? null
        : !after.Active ? InactiveText(after.InactiveBecause)
        : before?.InactiveBecause switch
        {
            InactiveReason.Absence or InactiveReason.OutOfScope => Reasons.BackInFile,
            InactiveReason.EndDatePassed => Reasons.EndDateMoved,
            InactiveReason.StartDateToCome => Reasons.StartDateReached,
            InactiveReason.StatusColumn => Reasons.StatusColumn,
            _ => null,
        };

    private static string? InactiveText(InactiveReason reason) => reason switch
    {
        InactiveReason.StatusColumn => Reasons.StatusColumn,
        InactiveReason.Absence => Reasons.AbsentFromFile,
        InactiveReason.OutOfScope => Reasons.OutOfScope,
        InactiveReason.EndDatePassed => Reasons.EndDatePassed,
        InactiveReason.StartDateToCome => Reasons.StartDateToCome,
        _ => null,
    };

    private static string? AbsenceReason(ChangeCause cause) => cause switch
    {
        ChangeCause.Absence => Reasons.AbsentFromFile,
        ChangeCause.OutOfScope => Reasons.OutOfScope,
        _ => null,
    };

    private static string StatusOf(UserRecord user) => user.Active ? "active" : "inactive";

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? List(IReadOnlyList<string>? values) => values is null || values.Count == 0 ? null : string.Join(", ", values);

    /// <summary>The user's roles, each with where it came from: the feed's column, the derived Manager role, the platform (Learner is every user's).</summary>
    internal static string RolesOf(UserRecord user) => string.Join(", ", RoleNames.All.Where(r => user.EffectiveRoles.HasFlag(r)).Select(role =>
    {
        string[] origins =
        [
            .. user.FeedRoles.HasFlag(role) ? ["feed"] : Array.Empty<string>(),
            .. role == Roles.Manager && user.DerivedManager ? ["derived"] : Array.Empty<string>(),
            .. user.PlatformRoles.HasFlag(role) ? ["platform"] : Array.Empty<string>(),
        ];
        return origins.Length == 0 ? role.ToString() : $"{role} ({string.Join(", ", origins)})";
    }));

    /// <summary>The user's groups, the platform's marked as such.</summary>
    private static string? GroupsOf(UserRecord user) => List([.. user.Groups.Select(g =>
        user.PlatformGroups.Contains(g) && !user.FeedGroups.Contains(g) ? g + " (platform)" : g)]);
}
