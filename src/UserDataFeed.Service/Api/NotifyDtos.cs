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
