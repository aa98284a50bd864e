namespace UserDataFeed.Core.Users;

/// <summary>
/// A user's status with its reason: <see cref="None"/> for an active user, else the rule that made them inactive. Decided
/// by the rule that deactivates them (<see cref="Planning.ImportPlanner.StatusOnceTheRowApplies"/>, absence, a date
/// falling due, the platform) and kept with the user, so their history tells why they became inactive and, when they are
/// active again, what no longer holds (<see cref="UserHistory"/>), without deciding again.
/// </summary>
public enum InactiveReason : byte
{
    /// <summary>Active.</summary>
    None,

    /// <summary>The file's status column says inactive.</summary>
    StatusColumn,

    /// <summary>Files stopped listing the user (the grace period ran out).</summary>
    Absence,

    /// <summary>The file lists the user only in rows outside the mapping's scope.</summary>
    OutOfScope,

    /// <summary>The user's end date has ended.</summary>
    EndDatePassed,

    /// <summary>The user's start date is still to come.</summary>
    StartDateToCome,

    /// <summary>An admin deactivated the user on the platform: no file reactivates them until the platform does.</summary>
    Platform,
}

/// <summary>How a reason is named where it is stored and shown: in camel case (<c>endDatePassed</c>), none for an active user.</summary>
public static class InactiveReasonNames
{
    public static string? Of(InactiveReason reason) =>
        reason == InactiveReason.None ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    /// <summary>The reason a name stands for, or null when it names none.</summary>
    public static InactiveReason? Parse(string? name) =>
        Enum.TryParse<InactiveReason>(name, ignoreCase: true, out var reason) && Enum.IsDefined(reason) && reason != InactiveReason.None ? reason : null;
}
