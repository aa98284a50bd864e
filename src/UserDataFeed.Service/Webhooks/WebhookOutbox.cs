using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Webhooks;

/// <summary>
/// Writes events to the outbox when they happen: one delivery per webhook that subscribed, keyed by the event's key
/// (the import id, or the time of a stale report) and name, so a step that runs again writes nothing new. The body is
/// made now, from ids, keys, statuses, counts and reasons: never a secret or a cell value. A store fault is logged
/// and swallowed: it must not undo the step that made the import final (that event is then not sent).
/// </summary>
public sealed class WebhookOutbox(WebhookStore store, TimeProvider time, ILogger<WebhookOutbox> logger)
{
    /// <summary>The event of an import that turned final or held (completed, completedWithErrors, failed, held); nothing for the others.</summary>
    public Task ImportEndedAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken)
    {
        var name = record.Status switch
        {
            ImportStatus.Completed => WebhookEvents.ImportCompleted,
            ImportStatus.CompletedWithErrors => WebhookEvents.ImportCompletedWithErrors,
            ImportStatus.Failed when !record.RetryPending => WebhookEvents.ImportFailed,
            ImportStatus.Held => WebhookEvents.ImportHeld,
            _ => null,
        };
        return name is null ? Task.CompletedTask : AddAsync(tenant, name, record.ImportId, (eventId, at) => new
        {
            eventId,
            @event = name,
            tenantId = tenant.TenantId,
            occurredAt = at,
            import = ImportSummary(record),
            links = Links(tenant, record.ImportId),
        }, cancellationToken);
    }

    /// <summary>The feed paused itself after <paramref name="last"/> failed.</summary>
    public Task FeedPausedAsync(Tenant tenant, FeedState state, ImportRecord last, CancellationToken cancellationToken) =>
        AddAsync(tenant, WebhookEvents.FeedPaused, last.ImportId, (eventId, at) => new
        {
            eventId,
            @event = WebhookEvents.FeedPaused,
            tenantId = tenant.TenantId,
            occurredAt = at,
            feed = new { paused = true, state.PausedAt, reason = state.PauseReason, consecutiveFailedFiles = state.ConsecutiveFailures },
            import = ImportSummary(last),
            links = new { health = TenantPath(tenant, "feed/health"), resume = TenantPath(tenant, "feed/resume"), record = ImportPath(tenant, last.ImportId) },
        }, cancellationToken);

    /// <summary>The feed was reported stale at <paramref name="reportedAt"/> (at most once a day, by one instance).</summary>
    public Task FeedStaleAsync(Tenant tenant, DateTimeOffset since, DateTimeOffset reportedAt, string? lastFileKey, CancellationToken cancellationToken) =>
        AddAsync(tenant, WebhookEvents.FeedStale, $"{DateTimeOffset.MaxValue.UtcTicks - reportedAt.UtcTicks:D19}-stale", (eventId, at) => new
        {
            eventId,
            @event = WebhookEvents.FeedStale,
            tenantId = tenant.TenantId,
            occurredAt = at,
            feed = new { stale = true, lastFileAt = since, lastFileKey, staleAfter = tenant.StaleAfter },
            links = new { health = TenantPath(tenant, "feed/health") },
        }, cancellationToken);

    private async Task AddAsync(Tenant tenant, string name, string eventKey, Func<string, DateTimeOffset, object> body, CancellationToken cancellationToken)
    {
        try
        {
            var hooks = (await store.ListAsync(tenant.TenantId, cancellationToken)).Where(h => h.Events.Contains(name)).ToList();
            if (hooks.Count == 0)
            {
                return;
            }

            var now = time.GetUtcNow();
            var eventId = $"{eventKey}.{name}";
            var json = JsonSerializer.Serialize(body(eventId, now), JsonSerializerOptions.Web);
            foreach (var hook in hooks)
            {
                var delivery = new WebhookDelivery(tenant.TenantId, hook.Name, eventKey, name, json, WebhookStore.Pending, 0, now, now, null, [], "");
                if (await store.AddDeliveryAsync(delivery, cancellationToken))
                {
                    Log.WebhookQueued(logger, tenant.TenantId, hook.Name, name, eventId);
                }
            }
        }
        catch (RequestFailedException ex)
        {
            Log.WebhookQueueFaulted(logger, ex, tenant.TenantId, name, eventKey);
        }
    }

    private static object ImportSummary(ImportRecord r) => new
    {
        r.ImportId,
        r.FileKey,
        r.Status,
        r.Reason,
        r.StartedAt,
        r.FinishedAt,
        r.Counts,
    };

    private static object Links(Tenant tenant, string importId) => new
    {
        record = ImportPath(tenant, importId),
        errors = ImportPath(tenant, importId) + "/errors",
        report = $"s3://{tenant.Bucket}/{BucketLayout.ResultKey(importId)}",
    };

    private static string TenantPath(Tenant tenant, string rest) => $"/{Routes.Prefix}/tenants/{Uri.EscapeDataString(tenant.TenantId)}/{rest}";

    private static string ImportPath(Tenant tenant, string importId) => TenantPath(tenant, $"feed/imports/{Uri.EscapeDataString(importId)}");
}
