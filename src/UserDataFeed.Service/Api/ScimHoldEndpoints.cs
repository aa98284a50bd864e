using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Audit;
using UserDataFeed.Service.Auth;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The SCIM stream's safety hold as an admin sees it (<see cref="ScimDeactivationHold"/>): the deactivations waiting for
/// an admin with the window's counts, and the approval or rejection of them, audited.
/// </summary>
public static class ScimHoldEndpoints
{
    public const int MaxUserIds = 1000;
    public const int MaxUserIdLength = 256;

    public static async Task<Ok<ScimHeldDto>> ListScimHeld(RouteTenant tenant, ScimDeactivationHold hold, CancellationToken cancellationToken)
    {
        var view = await hold.ListAsync(tenant.Record, cancellationToken);
        return TypedResults.Ok(new ScimHeldDto([.. view.Entries.Select(ScimHeldUserDto.From)], ScimHoldWindowDto.From(tenant.Record, view)));
    }

    /// <summary>Approves the users' deactivations for a window: each one's next deactivation is admitted without counting against it.</summary>
    public static Task<Results<Ok<ScimDecidedDto>, NotFoundProblem, ProblemHttpResult>> ApproveScimHeld(
        RouteTenant tenant, [FromBody] ScimHoldDecisionBody? body, ScimDeactivationHold hold, AuditTrail audit, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(tenant, body, ScimHoldState.Approved, hold, audit, http, cancellationToken);

    /// <summary>Rejects the users' deactivations for a window: each one is refused until then (or until an admin approves it).</summary>
    public static Task<Results<Ok<ScimDecidedDto>, NotFoundProblem, ProblemHttpResult>> RejectScimHeld(
        RouteTenant tenant, [FromBody] ScimHoldDecisionBody? body, ScimDeactivationHold hold, AuditTrail audit, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(tenant, body, ScimHoldState.Rejected, hold, audit, http, cancellationToken);

    /// <summary>The <c>scimHoldWindow</c> of a settings body: the default when absent, else a duration in range, else a field error.</summary>
    public static TimeSpan ParseWindow(string? value, IDictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return Tenant.DefaultScimHoldWindow;
        }

        if (TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var window) && window >= Tenant.MinScimHoldWindow && window <= Tenant.MaxScimHoldWindow)
        {
            return window;
        }

        errors["scimHoldWindow"] = [$"scimHoldWindow must be a duration such as \"1.00:00:00\" (days.hours:minutes:seconds) from {Tenant.MinScimHoldWindow:c} to {Tenant.MaxScimHoldWindow:c}."];
        return Tenant.DefaultScimHoldWindow;
    }

    private static async Task<Results<Ok<ScimDecidedDto>, NotFoundProblem, ProblemHttpResult>> DecideAsync(
        RouteTenant tenant, ScimHoldDecisionBody? body, ScimHoldState decision, ScimDeactivationHold hold, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        var userIds = body?.UserIds;
        if (Invalid(userIds) is { } problem)
        {
            return problem;
        }

        var actor = Actor.Of(http)!;
        var decidedBy = actor.TokenId is null ? actor.Kind : $"{actor.Kind}:{actor.TokenId}";
        var unknown = new List<string>();
        var named = userIds?.Select(id => id!.Trim()).ToList();
        if (await hold.DecideAsync(tenant.Record, named, decision, decidedBy, unknown, cancellationToken) is not { } decided)
        {
            var more = unknown.Count > 20 ? $" and {unknown.Count - 20} more" : "";
            return Problems.NotFound(
                $"Tenant '{tenant.Id}' has no SCIM deactivation waiting or decided for {string.Join(", ", unknown.Take(20).Select(id => $"'{id}'"))}{more}; nothing was decided.");
        }

        var name = ScimHeldUserDto.StateName(decision);
        if (decided.Count > 0)
        {
            var until = decided[0].Until!.Value.ToString("O", CultureInfo.InvariantCulture);
            var users = string.Join(", ", decided.Take(50).Select(e => $"{e.UserId} ({e.Email})")) + (decided.Count > 50 ? $" and {decided.Count - 50} more" : "");
            await audit.RecordAsync(tenant.Id, decision == ScimHoldState.Approved ? AuditActions.ScimHoldApproved : AuditActions.ScimHoldRejected,
                decided.Count == 1 ? decided[0].UserId : null, $"{name} {decided.Count} SCIM deactivation(s) until {until}: {users}", cancellationToken);
        }

        return TypedResults.Ok(new ScimDecidedDto(name, [.. decided.Select(ScimHeldUserDto.From)]));
    }

    /// <summary>A list of user ids must name 1–1000 users, each a non-blank id of at most 256 characters.</summary>
    private static ProblemHttpResult? Invalid(IReadOnlyList<string?>? userIds)
    {
        if (userIds is null)
        {
            return null;
        }

        if (userIds.Count is 0 or > MaxUserIds)
        {
            return Problems.Validation("userIds", $"userIds must name from 1 to {MaxUserIds} users; leave it out (or null) to decide every waiting deactivation.");
        }

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < userIds.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(userIds[i]) || userIds[i]!.Trim().Length > MaxUserIdLength)
            {
                errors[$"userIds[{i}]"] = [$"A user id is a non-empty string of at most {MaxUserIdLength} characters."];
            }
        }

        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }
}
