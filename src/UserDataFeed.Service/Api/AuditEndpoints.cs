using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Api;

/// <summary>GET …/feed/audit: who changed the tenant's feed, newest first, paged.</summary>
public static class AuditEndpoints
{
    public static async Task<Results<Ok<Page<AuditEntryDto>>, ProblemHttpResult>> ListAudit(
        RouteTenant tenant, [AsParameters] PageRequest page, AuditStore audit, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var list = $"audit|{tenant.Id}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        var size = page.Size!.Value;

        var (items, next) = await audit.ListAsync(tenant.Id, from, size, cancellationToken);
        return TypedResults.Ok(new Page<AuditEntryDto>([.. items.Select(AuditEntryDto.From)], tokens.Protect(list, next)));
    }
}
