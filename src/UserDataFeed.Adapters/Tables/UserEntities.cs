using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// How a user is stored: one entity, partition = tenant, row key = the escaped lower-cased email, each value
/// a property and each custom field a property of its own (<c>cf_</c> + the escaped key), so a change can
/// merge some values without reading the user. An empty custom field or manager list is a cleared one.
/// </summary>
public static class UserEntities
{
    private static readonly DateProperties Start = new(UserProperties.StartDate, UserProperties.StartsAtTicks);
    private static readonly DateProperties End = new(UserProperties.EndDate, UserProperties.EndsAtTicks);

    public static TableEntity From(string tenantId, UserRecord user)
    {
        var entity = new TableEntity(tenantId, UserStore.RowKeyOf(user.Email))
        {
            [UserProperties.UserId] = user.UserId,
            [UserProperties.CreatedBy] = Name(user.CreatedBy),
            [UserProperties.CreatedAt] = user.CreatedAt,
            [UserProperties.PlatformRoles] = (int)user.PlatformRoles,
            [UserProperties.Email] = user.Email,
            [UserProperties.FirstName] = user.FirstName,
            [UserProperties.LastName] = user.LastName,
            [UserProperties.Active] = user.Active,
            [UserProperties.ExternalId] = user.ExternalId ?? "",
            [UserProperties.FeedRoles] = (int)user.FeedRoles,
            [UserProperties.DerivedManager] = user.DerivedManager,
            [UserProperties.Managers] = string.Join('|', user.Managers),
            [UserProperties.UpdatedAt] = user.UpdatedAt,
        };

        // Written only when set, so a user who uses none of them is stored (and costs) as before; a replace drops what it leaves out.
        if (!user.Active)
        {
            entity[UserProperties.InactiveBecause] = ReasonName(user.InactiveBecause);
        }

        if (user.MissedFiles > 0)
        {
            entity[UserProperties.MissedFiles] = user.MissedFiles;
        }

        if (user.MissedInImport is not null)
        {
            entity[UserProperties.MissedInImport] = user.MissedInImport;
        }

        if (user.AwaitingStart)
        {
            entity[UserProperties.AwaitingStart] = true;
        }

        if (user.StartDate is not null)
        {
            SetDate(entity, Start, user.StartDate);
        }

        if (user.EndDate is not null)
        {
            SetDate(entity, End, user.EndDate);
        }

        if (user.FeedGroups.Count > 0)
        {
            entity[UserProperties.FeedGroups] = string.Join('|', user.FeedGroups); // written only when set: a user without groups is stored as before
        }

        if (user.PlatformGroups.Count > 0)
        {
            entity[UserProperties.PlatformGroups] = string.Join('|', user.PlatformGroups);
        }

        foreach (var (key, value) in user.CustomFields)
        {
            entity[CustomProperty(key)] = value;
        }

        return entity;
    }

    /// <summary>
    /// A user's whole new state as a merge into their stored entity: <see cref="From"/> with every value it leaves out when
    /// unset written empty (and each custom field <paramref name="former"/> had and the user no longer has), so the merge
    /// leaves nothing of the old state but what is not the user's values (where their history starts, <see cref="HistoryRows"/>).
    /// </summary>
    public static TableEntity Replacing(string tenantId, UserRecord user, UserRecord? former)
    {
        var entity = From(tenantId, user);
        entity.TryAdd(UserProperties.InactiveBecause, "");
        entity.TryAdd(UserProperties.MissedFiles, 0);
        entity.TryAdd(UserProperties.MissedInImport, "");
        entity.TryAdd(UserProperties.AwaitingStart, false);
        if (user.StartDate is null)
        {
            SetDate(entity, Start, null);
        }

        if (user.EndDate is null)
        {
            SetDate(entity, End, null);
        }

        entity.TryAdd(UserProperties.FeedGroups, "");
        entity.TryAdd(UserProperties.PlatformGroups, "");
        entity[UserProperties.LegacyCustomFields] = ""; // how custom fields were stored before they had properties of their own
        foreach (var key in former?.CustomFields.Keys ?? [])
        {
            entity.TryAdd(CustomProperty(key), "");
        }

        return entity;
    }

    /// <summary>
    /// The entity a patch merges into the stored user: only the values it writes, and UpdatedAt. Its status is
    /// <c>Active</c> with its reason; the platform's block is a reason only the platform gives or lifts (a patch keeps it
    /// for a user its summary says is blocked).
    /// </summary>
    public static TableEntity PatchOf(string tenantId, UserPatch patch)
    {
        var entity = new TableEntity(tenantId, UserStore.RowKeyOf(patch.Email)) { [UserProperties.UpdatedAt] = patch.UpdatedAt };
        if (patch.Names is var (firstName, lastName))
        {
            entity[UserProperties.Email] = patch.Email;
            entity[UserProperties.FirstName] = firstName;
            entity[UserProperties.LastName] = lastName;
        }

        if (patch.Status is { } status)
        {
            entity[UserProperties.Active] = status == InactiveReason.None;
            entity[UserProperties.InactiveBecause] = ReasonName(status);
        }

        if (patch.MissedFiles is { } missedFiles)
        {
            entity[UserProperties.MissedFiles] = missedFiles;
            entity[UserProperties.MissedInImport] = patch.MissedInImport ?? ""; // a merge cannot drop a property: empty is none
        }

        if (patch.ExternalId is { } externalId)
        {
            entity[UserProperties.ExternalId] = externalId;
        }

        if (patch.FeedRoles is { } feedRoles)
        {
            entity[UserProperties.FeedRoles] = (int)feedRoles;
        }

        if (patch.DerivedManager is { } derivedManager)
        {
            entity[UserProperties.DerivedManager] = derivedManager;
        }

        if (patch.Managers is { } managers)
        {
            entity[UserProperties.Managers] = string.Join('|', managers);
        }

        if (patch.Dates is { } dates)
        {
            if (dates.WritesStart)
            {
                SetDate(entity, Start, dates.Start);
            }

            if (dates.WritesEnd)
            {
                SetDate(entity, End, dates.End);
            }

            entity[UserProperties.AwaitingStart] = dates.AwaitingStart;
        }

        if (patch.FeedGroups is { } groups)
        {
            entity[UserProperties.FeedGroups] = string.Join('|', groups);
        }

        foreach (var (key, value) in patch.CustomFields ?? [])
        {
            entity[CustomProperty(key)] = value; // an empty value clears the field
        }

        return entity;
    }

    public static UserRecord ToRecord(TableEntity entity) => new()
    {
        UserId = entity.GetString(UserProperties.UserId) ?? "",
        Email = entity.GetString(UserProperties.Email) ?? "",
        FirstName = entity.GetString(UserProperties.FirstName) ?? "",
        LastName = entity.GetString(UserProperties.LastName) ?? "",
        InactiveBecause = InactiveBecauseOf(entity),
        MissedFiles = entity.GetInt32(UserProperties.MissedFiles) ?? 0,
        MissedInImport = entity.GetString(UserProperties.MissedInImport) is { Length: > 0 } missedInImport ? missedInImport : null,
        ExternalId = entity.GetString(UserProperties.ExternalId) is { Length: > 0 } externalId ? externalId : null,
        CustomFields = CustomFieldsOf(entity),
        PlatformRoles = (Roles)(entity.GetInt32(UserProperties.PlatformRoles) ?? 0),
        FeedRoles = (Roles)(entity.GetInt32(UserProperties.FeedRoles) ?? 0),
        DerivedManager = entity.GetBoolean(UserProperties.DerivedManager) ?? false,
        Managers = entity.GetString(UserProperties.Managers) is { Length: > 0 } managers ? managers.Split('|') : [],
        StartDate = DateOf(entity, Start),
        EndDate = DateOf(entity, End),
        AwaitingStart = entity.GetBoolean(UserProperties.AwaitingStart) ?? false,
        FeedGroups = entity.GetString(UserProperties.FeedGroups) is { Length: > 0 } feedGroups ? feedGroups.Split('|') : [], // users stored before groups have none
        PlatformGroups = entity.GetString(UserProperties.PlatformGroups) is { Length: > 0 } platformGroups ? platformGroups.Split('|') : [],
        CreatedBy = entity.GetString(UserProperties.CreatedBy) == "feed" ? CreatedBy.Feed : CreatedBy.Platform,
        CreatedAt = entity.GetDateTimeOffset(UserProperties.CreatedAt) ?? default,
        UpdatedAt = entity.GetDateTimeOffset(UserProperties.UpdatedAt) ?? default,
    };

    /// <summary>
    /// A date as its text (<see cref="UserProperties.StartDate"/>) and its instant in UTC ticks (<see cref="UserProperties.StartsAtTicks"/>), "" and 0 for none: a
    /// merge cannot remove a property, and ticks compare in a query filter (<see cref="UserStore.ListDueForDatesAsync"/>).
    /// </summary>
    private static void SetDate(TableEntity entity, DateProperties date, UserDate? value)
    {
        entity[date.Text] = value?.Text ?? "";
        entity[date.Ticks] = value?.At.UtcTicks ?? 0L;
    }

    private static UserDate? DateOf(TableEntity entity, DateProperties date) =>
        entity.GetString(date.Text) is { Length: > 0 } text && entity.GetInt64(date.Ticks) is long ticks && ticks > 0
            ? new UserDate(text, new DateTimeOffset(ticks, TimeSpan.Zero))
            : null;

    /// <summary>The two properties that hold one date.</summary>
    private readonly record struct DateProperties(string Text, string Ticks);

    /// <summary>
    /// The user's status: active as <c>Active</c> says, else inactive for the reason <c>InactiveBecause</c> names. A user
    /// stored before the reason was kept has none: it is told from the flags kept then.
    /// </summary>
    private static InactiveReason InactiveBecauseOf(TableEntity entity) =>
        entity.GetBoolean(UserProperties.Active) ?? true ? InactiveReason.None
        : InactiveReasonNames.Parse(entity.GetString(UserProperties.InactiveBecause)) is { } reason ? reason
        : entity.GetBoolean(UserProperties.LegacyBlockedByPlatform) == true ? InactiveReason.Platform
        : entity.GetBoolean(UserProperties.LegacyDeactivatedForAbsence) == true ? InactiveReason.Absence
        : entity.GetBoolean(UserProperties.AwaitingStart) == true ? InactiveReason.StartDateToCome
        : InactiveReason.StatusColumn;

    /// <summary>A reason as stored: its name (<see cref="InactiveReasonNames"/>), empty for none.</summary>
    private static string ReasonName(InactiveReason reason) => InactiveReasonNames.Of(reason) ?? "";

    public static string Name(CreatedBy createdBy) => createdBy == CreatedBy.Feed ? "feed" : "platform";

    private static Dictionary<string, string> CustomFieldsOf(TableEntity entity)
    {
        var fields = entity.GetString(UserProperties.LegacyCustomFields) is { Length: > 0 } json // how users were stored before
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new(StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            if (name.StartsWith(UserProperties.CustomFieldPrefix, StringComparison.Ordinal) && value is string { Length: > 0 } text)
            {
                fields[CustomKey(name)] = text;
            }
        }

        return fields;
    }

    /// <summary>A custom field key (letters, digits, '-' and '_') as a property name, which allows no '-': '_' → "__", '-' → "_h".</summary>
    internal static string CustomProperty(string key) =>
        UserProperties.CustomFieldPrefix + key.Replace("_", "__", StringComparison.Ordinal).Replace("-", "_h", StringComparison.Ordinal);

    internal static string CustomKey(string property)
    {
        var key = new StringBuilder(property.Length);
        for (var i = UserProperties.CustomFieldPrefix.Length; i < property.Length; i++)
        {
            if (property[i] == '_' && i + 1 < property.Length)
            {
                key.Append(property[++i] == 'h' ? '-' : '_');
            }
            else
            {
                key.Append(property[i]);
            }
        }

        return key.ToString();
    }
}
