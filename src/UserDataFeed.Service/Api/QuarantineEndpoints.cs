using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Audit;
using UserDataFeed.Service.Import;

namespace UserDataFeed.Service.Api;

/// <summary>POST …/feed/resume: an admin lets a feed that paused itself run again (<see cref="FeedQuarantine"/>).</summary>
public static class QuarantineEndpoints
{
    /// <summary>202: the pause is cleared and the files that waited are queued, in order; 409 when the feed is not paused.</summary>
    public static async Task<Results<Accepted<ResumedDto>, ConflictProblem>> ResumeFeed(
        RouteTenant tenant, FeedQuarantine quarantine, AuditTrail audit, CancellationToken cancellationToken)
    {
        var before = await quarantine.GetAsync(tenant.Id, cancellationToken);
        if (await quarantine.ResumeAsync(tenant.Record, cancellationToken) is not var (state, resumed, waiting))
        {
            return Problems.Conflict("The tenant's feed is busy with another run; try again in a moment.");
        }

        if (!resumed)
        {
            return Problems.Conflict($"The feed of tenant '{tenant.Id}' is not paused.");
        }

        await audit.RecordAsync(tenant.Id, AuditActions.FeedResumed, null, $"resumed; it was paused since {before.PausedAt:O}: {before.PauseReason}", cancellationToken);
        return TypedResults.Accepted($"/{Routes.Prefix}/tenants/{tenant.Id}/feed/imports", new ResumedDto(FeedPauseDto.From(state, tenant.Record.PauseAfterFailedFiles), waiting));
    }

    /// <summary>The <c>pauseAfterFailedFiles</c> of a settings body: the default when absent, else 0–100, else a field error.</summary>
    public static int ParsePauseAfter(int? value, IDictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return Tenant.DefaultPauseAfterFailedFiles;
        }

        if (value is < 0 or > Tenant.MaxPauseAfterFailedFiles)
        {
            errors["pauseAfterFailedFiles"] = [$"pauseAfterFailedFiles must be from 0 (never pause) to {Tenant.MaxPauseAfterFailedFiles}."];
        }

        return value.Value;
    }
}
