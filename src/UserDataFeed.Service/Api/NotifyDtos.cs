using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Api;

// Bodies of issue 16's routes: the audit, the feed's pause, webhooks and their deliveries.

/// <summary>Who acted: <c>operator</c> (the operator key), or <c>adminToken</c> or <c>scim-token</c> with the token's id (never the token).</summary>
public sealed record AuditActorDto(string Kind, string? TokenId);

/// <summary>One entry of a tenant's audit.</summary>
public sealed record AuditEntryDto(string Id, DateTimeOffset At, AuditActorDto Actor, string Action, string? Target, string Changes)
{
    public static AuditEntryDto From(AuditEntry e) => new(e.Id, e.At, new AuditActorDto(e.ActorKind, e.TokenId), e.Action, e.Target, e.Changes);
}

/// <summary>Issue 16's feed setting: consecutive failed files after which the feed pauses itself (0: never).</summary>
public sealed partial record SettingsDto
{
    public int PauseAfterFailedFiles { get; init; }
}

public sealed partial record SettingsBody
{
    [System.ComponentModel.Description("consecutive failed files after which the feed pauses until an admin resumes it (0–100, 0: never; default 5)")]
    public int? PauseAfterFailedFiles { get; init; }
}

/// <summary>The feed's pause as health shows it: paused since when and why, and the run of failed files that counts towards it.</summary>
public sealed partial record HealthDto
{
    public FeedPauseDto Pause { get; init; } = new(false, null, null, 0, 0);
}

/// <summary>Whether the feed paused itself (<see cref="PausedAt"/>, <see cref="Reason"/>), and its consecutive failed files of <see cref="PauseAfterFailedFiles"/>.</summary>
public sealed record FeedPauseDto(bool Paused, DateTimeOffset? PausedAt, string? Reason, int ConsecutiveFailedFiles, int PauseAfterFailedFiles)
{
    public static FeedPauseDto From(FeedState state, int pauseAfter) => new(state.Paused, state.PausedAt, state.PauseReason, state.ConsecutiveFailures, pauseAfter);
}

/// <summary>POST …/feed/resume: the feed as it is now, and the imports that waited and now run, in order.</summary>
public sealed record ResumedDto(FeedPauseDto Pause, IReadOnlyList<string> ImportIds);

[BodyHint("A webhook is {\"url\": \"https://…\", \"events\": [\"import.completed\", …]}; add \"rotateSecret\": true for a new secret.")]
public sealed record WebhookBody(
    [property: System.ComponentModel.Description("where the events are posted: https to a public host, port 443 or 1024–65535 (http to loopback only with Webhooks:AllowHttpLoopback)")] string? Url,
    [property: System.ComponentModel.Description("import.completed, import.completedWithErrors, import.failed, import.held, feed.stale, feed.paused")] List<string?>? Events,
    [property: System.ComponentModel.Description("true: issue a new secret (shown in this answer only); the old one stops signing at once")] bool? RotateSecret = null);

/// <summary>A webhook as saved. <see cref="Secret"/> is there only in the answer that issued it (created, or rotateSecret).</summary>
public sealed record WebhookDto(
    string Name,
    string Url,
    IReadOnlyList<string> Events,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookDto From(Webhook w, string? secret = null) => new(w.Name, w.Url, w.Events, secret, w.CreatedAt, w.UpdatedAt);
}

/// <summary>One event for one webhook: pending (with its next attempt), delivered or failed (given up), and each attempt.</summary>
public sealed record WebhookDeliveryDto(
    string EventId,
    string Event,
    string Status,
    int AttemptCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static WebhookDeliveryDto From(WebhookDelivery d) => new(
        d.EventId, d.Event, d.Status, d.Attempts, d.CreatedAt, d.Status == WebhookStore.Pending ? d.NextAttemptAt : null, d.DeliveredAt,
        [.. d.Log.Select(a => a.StatusCode is null ? a with { DurationMs = null } : a)]); // a failure's duration would tell closed, filtered and refused apart
}
