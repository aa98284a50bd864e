using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Api;

/// <summary>GET …/users/{email}/history: every change to a user, newest first, paged; it follows the user across email changes.</summary>
public static class HistoryEndpoints
{
    public static async Task<Results<Ok<Page<HistoryEntryDto>>, NotFoundProblem, ProblemHttpResult>> ListHistory(
        RouteTenant tenant, [FromRoute(Name = "email")] string email, [AsParameters] PageRequest page, UserStore users, TenantMarks marks, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var pruned = await marks.GetHistoryPrunedAsync(tenant.Id, cancellationToken);
        if (await users.ReadHistoryAsync(tenant.Id, email.Trim(), pruned?.Before, cancellationToken) is not var (userId, history))
        {
            return Problems.NotFound($"Tenant '{tenant.Id}' has no user '{email}'.");
        }

        // A token belongs to the user, not the email: a page read before an email change goes on after it.
        var list = $"history|{tenant.Id}|{userId}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        // The entries are in descending key order; a page goes on after the key its token holds.
        var items = history.SkipWhile(e => from is not null && string.CompareOrdinal(e.Key, from) >= 0).Take(page.Size!.Value + 1).ToList();
        var next = items.Count > page.Size.Value ? items[page.Size.Value - 1].Key : null;
        return TypedResults.Ok(new Page<HistoryEntryDto>([.. items.Take(page.Size.Value).Select(e => HistoryEntryDto.From(HistoryRows.Shown(e.Entry)))], tokens.Protect(list, next)));
    }
}
