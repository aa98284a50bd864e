using System.ComponentModel;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Service.Api;

// The bodies of the SCIM stream's safety hold (GET …/scim/held, POST …/scim/held/approve and …/reject) and its setting.

public sealed partial record SettingsBody
{
    [Description("the rolling window in which SCIM deactivations are counted against the hold, a duration such as \"1.00:00:00\" from 00:05:00 to 30.00:00:00; absent: 24 hours")]
    public string? ScimHoldWindow { get; init; }
}

public sealed partial record SettingsDto
{
    /// <summary>The rolling window in which SCIM deactivations are counted against <see cref="Hold"/>.</summary>
    public TimeSpan ScimHoldWindow { get; init; }
}

/// <summary>The SCIM deactivations waiting for an admin (and the decisions that stand), and the window's counts.</summary>
public sealed record ScimHeldDto(IReadOnlyList<ScimHeldUserDto> Items, ScimHoldWindowDto Window);

/// <summary>
/// A user's deactivation: <c>waiting</c> for an admin since <see cref="FirstAskedAt"/> (asked <see cref="Asks"/> times,
/// last by <see cref="TokenId"/>), or <c>approved</c> or <c>rejected</c> by <see cref="DecidedBy"/> until <see cref="Until"/>.
/// </summary>
public sealed record ScimHeldUserDto(
    string UserId,
    string Email,
    string State,
    DateTimeOffset FirstAskedAt,
    DateTimeOffset LastAskedAt,
    int Asks,
    string TokenId,
    string Operation,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    DateTimeOffset? Until)
{
    public static ScimHeldUserDto From(ScimHoldEntry e) => new(
        e.UserId, e.Email, StateName(e.State), e.FirstAskedAt, e.LastAskedAt, e.Asks, e.TokenId, e.Operation, e.DecidedAt, e.DecidedBy, e.Until);

    public static string StateName(ScimHoldState state) => state switch
    {
        ScimHoldState.Approved => "approved",
        ScimHoldState.Rejected => "rejected",
        _ => "waiting",
    };
}

/// <summary>
/// The window: the deactivations <see cref="Admitted"/> in its last <see cref="Window"/>, the <see cref="Threshold"/>, the
/// <see cref="ActiveUsers"/> it is a share of (counted at <see cref="ActiveCountedAt"/>, at most an hour ago), and so how
/// many a window admits without an admin (<see cref="AllowedWithoutApproval"/>).
/// </summary>
public sealed record ScimHoldWindowDto(TimeSpan Window, int Admitted, HoldDto Threshold, int AllowedWithoutApproval, int ActiveUsers, DateTimeOffset ActiveCountedAt)
{
    public static ScimHoldWindowDto From(Tenant tenant, ScimHoldView view) => new(
        tenant.ScimHoldWindow,
        view.AdmittedInWindow,
        new HoldDto(tenant.Hold.Percent, tenant.Hold.Minimum),
        (int)Math.Max(tenant.Hold.Minimum, tenant.Hold.Percent * (long)view.ActiveUsers / 100),
        view.ActiveUsers,
        view.ActiveCountedAt);
}

/// <summary>POST …/scim/held/approve or …/reject: the users to decide; absent or null: every waiting one.</summary>
public sealed record ScimHoldDecisionBody(
    [property: Description("the ids of the users whose deactivation to decide (waiting, or decided before), 1–1000 of them; absent or null: every waiting one")]
    IReadOnlyList<string?>? UserIds);

/// <summary>What a decision did: each user decided, with until when it stands.</summary>
public sealed record ScimDecidedDto(string Decision, IReadOnlyList<ScimHeldUserDto> Users);
