using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>The tenant's SCIM provisioning log, for its admins: the recent requests of its identity provider and their outcome.</summary>
public static class ScimLogEndpoints
{
    public static async Task<Ok<ScimLogDto>> ListScimLog(
        RouteTenant tenant,
        [Description("true: the failed requests (status 400 and above) first, each part newest first; absent or false: newest first")] bool? failuresFirst,
        ScimLogStore log,
        CancellationToken cancellationToken)
    {
        var entries = await log.ListAsync(tenant.Id, ScimLogStore.Keep, cancellationToken);
        var ordered = failuresFirst == true ? entries.OrderByDescending(e => e.Status >= 400) : entries.AsEnumerable(); // a stable sort: newest first within each part
        return TypedResults.Ok(new ScimLogDto([.. ordered.Select(ScimLogEntryDto.From)], ScimLogStore.Keep));
    }
}

/// <summary>The provisioning log: the newest requests (at most <see cref="Keep"/>).</summary>
public sealed record ScimLogDto(IReadOnlyList<ScimLogEntryDto> Items, int Keep);

/// <summary>
/// One SCIM request: when, <see cref="Method"/> and <see cref="Path"/> under the SCIM base URL (never the query nor the
/// body), the <see cref="Status"/> answered, a SCIM error's <see cref="ScimType"/> and <see cref="Detail"/>, the SCIM
/// token's id (never the token), and the user or group the path names.
/// </summary>
public sealed record ScimLogEntryDto(
    DateTimeOffset At, string Method, string Path, int Status, bool Failed, string? ScimType, string? Detail, string TokenId, string? ResourceType, string? ResourceId)
{
    public static ScimLogEntryDto From(ScimLogEntry e) =>
        new(e.At, e.Method, e.Path, e.Status, e.Status >= 400, e.ScimType, e.Detail, e.TokenId, e.ResourceType, e.ResourceId);
}
