using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Api;

// Bodies of issue 16's routes: the audit, the feed's pause, webhooks and their deliveries.

/// <summary>Who acted: <c>operator</c> (the operator key) or <c>adminToken</c> with the token's id (never the token).</summary>
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
