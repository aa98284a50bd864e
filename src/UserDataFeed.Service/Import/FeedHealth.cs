using Azure;
using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Stale-feed detection. A tenant with <see cref="Tenant.StaleAfter"/> whose last file (its newest import) came longer ago
/// than that, or that never had a file since it was created, is stale. Each poll of the tenant checks; a stale tenant is
/// reported (the <c>udf.feed.stale</c> counter and the <c>FeedStale</c> warning) at most once per <see cref="ReportEvery"/>,
/// which a row in Table Storage records under its ETag, so several instances report it once between them. A new file clears it.
/// </summary>
public sealed class FeedHealth(TenantMarks marks, ImportStore imports, Webhooks.WebhookOutbox outbox, FeedTelemetry telemetry, TimeProvider time, ILogger<FeedHealth> logger)
{
    public static readonly TimeSpan ReportEvery = TimeSpan.FromDays(1);

    /// <summary>The tenant's feed as a poll sees it: its newest import, when its last file came, and whether that is too long ago.</summary>
    public sealed record Assessment(ImportRecord? LastImport, DateTimeOffset Since, bool Stale);

    public async Task<Assessment> AssessAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var last = await imports.LatestAsync(tenant.TenantId, cancellationToken);
        var since = last?.StartedAt ?? tenant.CreatedAt;
        return new Assessment(last, since, tenant.StaleAfter is { } after && time.GetUtcNow() - since > after);
    }

    /// <summary>Reports the tenant if it is stale and not reported within the day; clears the report once a file came. Never throws for a store fault.</summary>
    public async Task CheckAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if (tenant.StaleAfter is null)
        {
            return; // never stale: no reads (a report left from an earlier setting shows nowhere while the tenant is not stale)
        }

        try
        {
            var assessment = await AssessAsync(tenant, cancellationToken);
            var report = await marks.GetStaleReportAsync(tenant.TenantId, cancellationToken);
            if (!assessment.Stale)
            {
                if (report is not null)
                {
                    await marks.ClearStaleReportAsync(tenant.TenantId, cancellationToken);
                }

                return;
            }

            var now = time.GetUtcNow();
            if (report is not null && report.Since == assessment.Since && now - report.ReportedAt < ReportEvery)
            {
                return;
            }

            if (await marks.TryRecordStaleReportAsync(tenant.TenantId, report, assessment.Since, now, cancellationToken))
            {
                telemetry.RecordStale(tenant.TenantId);
                Log.FeedStale(logger, tenant.TenantId, assessment.LastImport?.FileKey ?? "", assessment.Since, tenant.StaleAfter!.Value);
                await outbox.FeedStaleAsync(tenant, assessment.Since, now, assessment.LastImport?.FileKey, cancellationToken);
            }
        }
        catch (RequestFailedException ex)
        {
            Log.HealthCheckFaulted(logger, ex, tenant.TenantId);
        }
    }
}
