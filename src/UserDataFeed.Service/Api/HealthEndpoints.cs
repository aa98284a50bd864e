using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Service.Import;

namespace UserDataFeed.Service.Api;

/// <summary>GET …/feed/health: the tenant's feed at a glance, and the rule of its <c>staleAfter</c> setting.</summary>
public static class HealthEndpoints
{
    public static readonly TimeSpan MinStaleAfter = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxStaleAfter = TimeSpan.FromDays(365);

    public static async Task<Ok<HealthDto>> GetHealth(
        RouteTenant route, TenantMarks marks, KeySlotStore keySlots, ImportStore imports, FeedHealth health, FeedQuarantine quarantine, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = route.Record;
        var assessment = await health.AssessAsync(tenant, cancellationToken);
        var held = (await imports.ListUnfinishedAsync(tenant.TenantId, cancellationToken)).Where(r => r.Status == ImportStatus.Held).Select(r => r.ImportId);
        var report = await marks.GetStaleReportAsync(tenant.TenantId, cancellationToken);
        var keys = await keySlots.ListKeysAsync(tenant.TenantId, cancellationToken);
        var pause = FeedPauseDto.From(await quarantine.GetAsync(tenant.TenantId, cancellationToken), tenant.PauseAfterFailedFiles);
        var now = time.GetUtcNow();
        var last = assessment.LastImport;
        return TypedResults.Ok(new HealthDto(
            tenant.TenantId,
            tenant.FeedEnabled,
            last is null ? null : new LastFileDto(last.FileKey, last.StartedAt),
            last is null ? null : new LastImportDto(last.ImportId, last.Status, last.FinishedAt, last.Counts),
            [.. held],
            assessment.Stale,
            tenant.StaleAfter,
            assessment.Stale ? report?.ReportedAt : null,
            [.. keys.OrderBy(k => k.CreatedAt).Select(k => new KeyAgeDto(k.AccessKeyId, k.CreatedAt, WholeSeconds(now - k.CreatedAt)))]) { Pause = pause });
    }

    /// <summary>The <c>staleAfter</c> of a settings body: null when absent or null; otherwise a duration in range, else a field error.</summary>
    public static TimeSpan? ParseStaleAfter(string? value, IDictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var after) && after >= MinStaleAfter && after <= MaxStaleAfter)
        {
            return after;
        }

        errors["staleAfter"] = [$"staleAfter must be a duration such as \"2.00:00:00\" (days.hours:minutes:seconds) from {MinStaleAfter:c} to {MaxStaleAfter:c}, or null for a feed that is never stale."];
        return null;
    }

    private static TimeSpan WholeSeconds(TimeSpan age) => TimeSpan.FromSeconds(Math.Max(0, Math.Floor(age.TotalSeconds)));
}
