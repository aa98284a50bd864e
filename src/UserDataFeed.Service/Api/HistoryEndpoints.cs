using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Api;

/// <summary>GET …/users/{email}/history: every change to a user, newest first, paged; it follows the user across email changes.</summary>
public static class HistoryEndpoints
{
    public static async Task<Results<Ok<Page<HistoryEntryDto>>, ProblemHttpResult>> ListHistory(
        RouteTenant tenant, [FromRoute(Name = "email")] string email, [AsParameters] PageRequest page, UserStore users, TenantStore tenants, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        if (await users.GetAsync(tenant.Id, email.Trim(), cancellationToken) is not { } user)
        {
            return Problems.NotFound($"Tenant '{tenant.Id}' has no user '{email}'.");
        }

        // A token belongs to the user, not the email: a page read before an email change goes on after it.
        var list = $"history|{tenant.Id}|{user.UserId}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        var pruned = await tenants.GetHistoryPrunedAsync(tenant.Id, cancellationToken);
        if (await users.ListHistoryAsync(tenant.Id, user.Email, from, page.Size!.Value, pruned?.Before, cancellationToken) is not var (items, next))
        {
            return Problems.NotFound($"Tenant '{tenant.Id}' has no user '{email}'.");
        }

        return TypedResults.Ok(new Page<HistoryEntryDto>([.. items.Select(HistoryEntryDto.From)], tokens.Protect(list, next)));
    }
}
