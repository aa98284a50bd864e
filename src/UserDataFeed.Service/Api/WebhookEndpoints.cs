using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Audit;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.Service.Api;

/// <summary>A tenant's webhooks (PUT, GET, DELETE, list) and each one's deliveries.</summary>
public static class WebhookEndpoints
{
    /// <summary>201 with the secret (shown this once) when the webhook is new; 200 without it on a change, unless <c>rotateSecret</c>.</summary>
    public static async Task<Results<Created<WebhookDto>, Ok<WebhookDto>, ConflictProblem, ProblemHttpResult>> PutWebhook(
        RouteTenant tenant, string name, [FromBody] WebhookBody body, WebhookStore store, WebhookSecrets secrets, IOptions<WebhookOptions> options,
        TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!WebhookRules.IsValidName(name))
        {
            errors["name"] = [WebhookRules.NameRule];
        }

        if (WebhookRules.UrlProblem(body.Url, options.Value.AllowHttpLoopback) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }

        var events = EventsOf(body.Events, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var existing = await store.GetAsync(tenant.Id, name, cancellationToken);
        if (existing is null && (await store.ListAsync(tenant.Id, cancellationToken)).Count >= WebhookRules.MaxWebhooks)
        {
            return Problems.Conflict($"A tenant has at most {WebhookRules.MaxWebhooks} webhooks; delete one first.");
        }

        var now = time.GetUtcNow();
        var secret = existing is null || body.RotateSecret == true ? WebhookRules.NewSecret() : null;
        var hook = new Webhook(name, body.Url!.Trim(), events, secret is null ? existing!.SealedSecret : secrets.Seal(tenant.Id, name, secret), existing?.CreatedAt ?? now, now);
        await store.SaveAsync(tenant.Id, hook, cancellationToken);
        var changes = AuditChanges.Diff(Values(existing), Values(hook));
        if (secret is not null)
        {
            changes += (changes.Length > 0 ? "; " : "") + (existing is null ? "secret issued" : "secret rotated");
        }

        await audit.RecordAsync(tenant.Id, AuditActions.WebhookSaved, name, changes.Length > 0 ? changes : "saved unchanged", cancellationToken);
        return existing is null
            ? TypedResults.Created($"/{Routes.Prefix}/tenants/{tenant.Id}/feed/webhooks/{name}", WebhookDto.From(hook, secret))
            : TypedResults.Ok(WebhookDto.From(hook, secret));
    }

    public static async Task<Results<Ok<WebhookDto>, NotFoundProblem>> GetWebhook(RouteTenant tenant, string name, WebhookStore store, CancellationToken cancellationToken) =>
        WebhookRules.IsValidName(name) && await store.GetAsync(tenant.Id, name, cancellationToken) is { } hook ? TypedResults.Ok(WebhookDto.From(hook)) : NoWebhook(tenant.Id, name);

    public static async Task<Ok<Page<WebhookDto>>> ListWebhooks(RouteTenant tenant, WebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Page<WebhookDto>([.. (await store.ListAsync(tenant.Id, cancellationToken)).Select(h => WebhookDto.From(h))], null));

    /// <summary>Deletes the webhook; its pending deliveries are given up at their next attempt.</summary>
    public static async Task<Results<NoContent, NotFoundProblem>> DeleteWebhook(
        RouteTenant tenant, string name, WebhookStore store, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!WebhookRules.IsValidName(name) || !await store.DeleteAsync(tenant.Id, name, cancellationToken))
        {
            return NoWebhook(tenant.Id, name);
        }

        await audit.RecordAsync(tenant.Id, AuditActions.WebhookDeleted, name, "deleted", cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The webhook's deliveries, newest event first, with every attempt.</summary>
    public static async Task<Results<Ok<Page<WebhookDeliveryDto>>, NotFoundProblem, ProblemHttpResult>> ListWebhookDeliveries(
        RouteTenant tenant, string name, [AsParameters] PageRequest page, WebhookStore store, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var list = $"deliveries|{tenant.Id}|{name}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        var size = page.Size!.Value;

        if (!WebhookRules.IsValidName(name) || await store.GetAsync(tenant.Id, name, cancellationToken) is null)
        {
            return NoWebhook(tenant.Id, name);
        }

        var (items, next) = await store.ListDeliveriesAsync(tenant.Id, name, from, size, cancellationToken);
        return TypedResults.Ok(new Page<WebhookDeliveryDto>([.. items.Select(WebhookDeliveryDto.From)], tokens.Protect(list, next)));
    }

    private static NotFoundProblem NoWebhook(string tenantId, string name) => Problems.NotFound($"Tenant '{tenantId}' has no webhook '{name}'.");

    /// <summary>The events asked for, each once, in the catalogue's order; problems go into <paramref name="errors"/>.</summary>
    private static string[] EventsOf(List<string?>? events, Dictionary<string, string[]> errors)
    {
        if (events is null || events.Count == 0)
        {
            errors["events"] = [$"events must list one or more of: {string.Join(", ", WebhookEvents.All)}."];
            return [];
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (!WebhookEvents.All.Contains(events[i]))
            {
                errors[$"events[{i}]"] = [$"'{events[i]}' is no event; the events are {string.Join(", ", WebhookEvents.All)}."];
            }
        }

        return [.. WebhookEvents.All.Where(events.Contains)];
    }

    private static Dictionary<string, string?> Values(Webhook? hook) => hook is null ? [] : new()
    {
        ["url"] = hook.Url,
        ["events"] = string.Join(",", hook.Events),
    };
}
