using Microsoft.Extensions.Logging;

namespace UserDataFeed.Service.Telemetry;

/// <summary>Every log event of the service. Placeholders carry ids and counts, never secrets or cell values.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Store unavailable while handling {Route} for tenant {TenantId}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string route, string tenantId);

    [LoggerMessage(10, LogLevel.Information, "Import {ImportId} of {FileKey} for tenant {TenantId} started (attempt {Attempt})")]
    public static partial void ImportStarted(ILogger logger, string tenantId, string importId, string fileKey, int attempt);

    [LoggerMessage(11, LogLevel.Information, "Import {ImportId} of {FileKey} for tenant {TenantId} ended {Status}: {Rows} rows, {Created} created, {Updated} updated, {Unchanged} unchanged, {Deactivated} deactivated, {Reactivated} reactivated, {Errors} errors, {Warnings} warnings in {DurationMs} ms")]
    public static partial void ImportEnded(ILogger logger, string tenantId, string importId, string fileKey, string status,
        int rows, int created, int updated, int unchanged, int deactivated, int reactivated, int errors, int warnings, long durationMs);

    [LoggerMessage(15, LogLevel.Information, "Import {ImportId} of {FileKey} for tenant {TenantId} paused at its work budget with {Applied} of {Planned} changes written; its continuation is queued")]
    public static partial void ImportPaused(ILogger logger, string tenantId, string importId, string fileKey, int applied, int planned);

    [LoggerMessage(16, LogLevel.Information, "Import {ImportId} of {FileKey} for tenant {TenantId} continues after {Applied} changes with {How}")]
    public static partial void ImportContinued(ILogger logger, string tenantId, string importId, string fileKey, int applied, string how);

    [LoggerMessage(12, LogLevel.Warning, "Import {ImportId} of {FileKey} for tenant {TenantId} failed: {Reason}")]
    public static partial void ImportRejected(ILogger logger, string tenantId, string importId, string fileKey, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Import {ImportId} of {FileKey} for tenant {TenantId} is held for approval: {Reason}")]
    public static partial void ImportHeld(ILogger logger, string tenantId, string importId, string fileKey, string reason);

    [LoggerMessage(14, LogLevel.Error, "Import {ImportId} of {FileKey} for tenant {TenantId} faulted")]
    public static partial void ImportFaulted(ILogger logger, Exception exception, string tenantId, string importId, string fileKey);

    /// <summary>A bug stopped the import: the exception's type and where it was thrown, never its message (it could hold a cell value).</summary>
    [LoggerMessage(17, LogLevel.Error, "Import {ImportId} of {FileKey} for tenant {TenantId} stopped on an unexpected {ExceptionType}; it is not retried. At: {StackTrace}")]
    public static partial void ImportBroke(ILogger logger, string tenantId, string importId, string fileKey, string exceptionType, string stackTrace);

    [LoggerMessage(20, LogLevel.Information, "Queued checks for {QueuedCount} of {TenantCount} feed-enabled tenants (the others have one waiting)")]
    public static partial void ChecksQueued(ILogger logger, int tenantCount, int queuedCount);

    [LoggerMessage(28, LogLevel.Information, "Queued a check for every feed-enabled tenant ({TenantCount})")]
    public static partial void AllChecksQueued(ILogger logger, int tenantCount);

    [LoggerMessage(26, LogLevel.Error, "Work on tenant {TenantId} ({Kind}, taken {DequeueCount} times) faulted; the message is taken again shortly")]
    public static partial void WorkFaulted(ILogger logger, Exception exception, string tenantId, string kind, long dequeueCount);

    [LoggerMessage(27, LogLevel.Error, "Work on tenant {TenantId} was taken {DequeueCount} times without finishing; given up (Feed:MaxDequeues)")]
    public static partial void WorkPoisoned(ILogger logger, string tenantId, long dequeueCount);

    [LoggerMessage(29, LogLevel.Warning, "Work queue {Queue} unavailable; looking again shortly")]
    public static partial void QueueUnavailable(ILogger logger, Exception exception, string queue);

    [LoggerMessage(23, LogLevel.Error, "A poll of all tenants faulted; the next one runs on schedule")]
    public static partial void PollFaulted(ILogger logger, Exception exception);

    [LoggerMessage(21, LogLevel.Error, "Polling tenant {TenantId} faulted")]
    public static partial void TenantPollFaulted(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(24, LogLevel.Warning, "Lost the lease on tenant {TenantId} while working on it; another poller resumes the work")]
    public static partial void LeaseLost(ILogger logger, string tenantId);

    [LoggerMessage(25, LogLevel.Information, "Tenant {TenantId} has held import {ImportId}; its later files wait until it is approved or rejected")]
    public static partial void QueueHeld(ILogger logger, string tenantId, string importId);

    [LoggerMessage(22, LogLevel.Warning, "File {FileKey} of tenant {TenantId} changed or vanished before it could be read; it will be seen again next poll")]
    public static partial void FileChanged(ILogger logger, string tenantId, string fileKey);

    [LoggerMessage(30, LogLevel.Warning, "Feed of tenant {TenantId} is stale: no file since {LastFileAt:O} (last {FileKey}), over its staleAfter of {StaleAfter}; reported at most once a day until a file arrives")]
    public static partial void FeedStale(ILogger logger, string tenantId, string fileKey, DateTimeOffset lastFileAt, TimeSpan staleAfter);

    [LoggerMessage(40, LogLevel.Warning, "Feed of tenant {TenantId} paused itself after {Failures} failed files in a row (the last: import {ImportId} of {FileKey}); later files wait until an admin resumes it")]
    public static partial void FeedPaused(ILogger logger, string tenantId, int failures, string importId, string fileKey);

    [LoggerMessage(41, LogLevel.Information, "Feed of tenant {TenantId} was resumed; its waiting files run")]
    public static partial void FeedResumed(ILogger logger, string tenantId);

    [LoggerMessage(42, LogLevel.Information, "Feed of tenant {TenantId} is paused; new files are claimed and wait ({Waiting} waiting)")]
    public static partial void FeedPausedWaiting(ILogger logger, string tenantId, int waiting);

    [LoggerMessage(50, LogLevel.Debug, "Webhook {Webhook} of tenant {TenantId}: {Event} queued as {EventId}")]
    public static partial void WebhookQueued(ILogger logger, string tenantId, string webhook, string @event, string eventId);

    [LoggerMessage(51, LogLevel.Error, "Queueing the webhook event {Event} ({EventKey}) of tenant {TenantId} failed on a store fault; it is not sent")]
    public static partial void WebhookQueueFaulted(ILogger logger, Exception exception, string tenantId, string @event, string eventKey);

    [LoggerMessage(52, LogLevel.Information, "Webhook {Webhook} of tenant {TenantId} got {Event} ({EventId}) on attempt {Attempt}: {StatusCode}")]
    public static partial void WebhookDelivered(ILogger logger, string tenantId, string webhook, string @event, string eventId, int attempt, int statusCode);

    [LoggerMessage(53, LogLevel.Warning, "Webhook {Webhook} of tenant {TenantId}: attempt {Attempt} of {Event} ({EventId}) failed ({StatusCode}): {Error}; given up: {GivenUp}")]
    public static partial void WebhookAttemptFailed(ILogger logger, string tenantId, string webhook, string @event, string eventId, int attempt, int? statusCode, string error, bool givenUp);

    [LoggerMessage(54, LogLevel.Warning, "Recording the attempt of {EventId} for webhook {Webhook} of tenant {TenantId} failed on a store fault; it is sent again once its claim lapses")]
    public static partial void WebhookRecordFaulted(ILogger logger, Exception exception, string tenantId, string webhook, string eventId);

    [LoggerMessage(55, LogLevel.Error, "Sending the due webhook deliveries faulted; the sender looks again next tick")]
    public static partial void WebhookSendFaulted(ILogger logger, Exception exception);

    [LoggerMessage(56, LogLevel.Warning, "Webhook {Webhook} of tenant {TenantId} was not connected to: {Reason}")]
    public static partial void WebhookAddressRefused(ILogger logger, string tenantId, string webhook, string reason);

    [LoggerMessage(31, LogLevel.Warning, "Checking whether the feed of tenant {TenantId} is stale failed on a store fault; the next poll checks again")]
    public static partial void HealthCheckFaulted(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(43, LogLevel.Information, "Dates fell due for tenant {TenantId}: {Activated} users activated on their start date, {Deactivated} deactivated after their end date")]
    public static partial void DatesFellDue(ILogger logger, string tenantId, int activated, int deactivated);

    [LoggerMessage(44, LogLevel.Information, "Tenant {TenantId}'s next start or end date falls due at {At} (none: no date is to come)")]
    public static partial void NextDateChange(ILogger logger, string tenantId, DateTimeOffset? at);

    [LoggerMessage(45, LogLevel.Information, "Removed {Removed} history entries of tenant {TenantId} older than {Before} (kept {Days} days)")]
    public static partial void HistoryPruned(ILogger logger, string tenantId, int removed, DateTimeOffset before, int days);
}
