using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Webhooks and their outbox. A tenant's webhooks are rows <c>webhook|{name}</c> in its partition of the Tenants table
/// (the secret only as the service sealed it). Each delivery is a row of <c>{prefix}WebhookDeliveries</c>: partition =
/// tenant, row key = <c>{name}|{eventKey}|{event}</c>, so an event is written once per webhook whoever writes it again,
/// and a webhook's deliveries read newest first (event keys are inverted times, as import ids). A delivery is written
/// when its event happens and stays <c>pending</c> until it is delivered or given up; each attempt is kept on its row.
/// </summary>
public sealed class WebhookStore(TableSet tables)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    /// <summary>Attempts kept on a delivery's row (the newest).</summary>
    public const int KeptAttempts = 20;

    private const string WebhookPrefix = "webhook|";

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var upper = WebhookPrefix[..^1] + (char)(WebhookPrefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {WebhookPrefix} and RowKey lt {upper}");
        var hooks = new List<Webhook>();
        await foreach (var entity in tables.Tenants.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            hooks.Add(ToWebhook(entity));
        }

        return hooks;
    }

    public async Task<Webhook?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var found = await tables.Tenants.GetEntityIfExistsAsync<TableEntity>(tenantId, WebhookPrefix + name, cancellationToken: cancellationToken);
        return found.HasValue ? ToWebhook(found.Value!) : null;
    }

    public async Task SaveAsync(string tenantId, Webhook hook, CancellationToken cancellationToken)
    {
        await tables.Tenants.UpsertEntityAsync(new TableEntity(tenantId, WebhookPrefix + hook.Name)
        {
            ["Url"] = hook.Url,
            ["Events"] = string.Join(",", hook.Events),
            ["SealedSecret"] = hook.SealedSecret,
            ["CreatedAt"] = hook.CreatedAt,
            ["UpdatedAt"] = hook.UpdatedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        var response = await tables.Tenants.DeleteEntityAsync(tenantId, WebhookPrefix + name, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>Writes a new delivery; false when this event was written for this webhook already (its step ran again).</summary>
    public async Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        return await tables.WebhookDeliveries.TryAddAsync(ToEntity(delivery), cancellationToken);
    }

    /// <summary>Pending deliveries due by <paramref name="now"/>, any tenant (a scan of the outbox: see docs/decisions.md).</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = new List<WebhookDelivery>();
        var filter = TableClient.CreateQueryFilter($"Status eq {Pending} and NextAttemptAt le {now}");
        await foreach (var entity in tables.WebhookDeliveries.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            due.Add(ToDelivery(entity));
            if (due.Count == max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>Replaces a delivery over its <see cref="WebhookDelivery.ETag"/>; null when another sender changed it meanwhile, else the new ETag.</summary>
    public async Task<WebhookDelivery?> TryUpdateAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables.WebhookDeliveries.UpdateEntityAsync(ToEntity(delivery), new ETag(delivery.ETag), TableUpdateMode.Replace, cancellationToken);
            return delivery with { ETag = response.Headers.ETag?.ToString() ?? "" };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>A page of one webhook's deliveries, newest event first.</summary>
    public async Task<(IReadOnlyList<WebhookDelivery> Items, string? ContinuationToken)> ListDeliveriesAsync(
        string tenantId, string name, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var from = name + "|";
        var upper = name + "}"; // '}' follows '|'
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from} and RowKey lt {upper}");
        return await TablePages.ReadAsync(tables.WebhookDeliveries, filter, continuationToken, pageSize, ToDelivery, cancellationToken);
    }

    private static TableEntity ToEntity(WebhookDelivery d) => new(d.TenantId, $"{d.Webhook}|{d.EventKey}|{d.Event}")
    {
        ["Webhook"] = d.Webhook,
        ["EventKey"] = d.EventKey,
        ["Event"] = d.Event,
        ["Body"] = d.Body,
        ["Status"] = d.Status,
        ["Attempts"] = d.Attempts,
        ["NextAttemptAt"] = d.NextAttemptAt,
        ["CreatedAt"] = d.CreatedAt,
        ["DeliveredAt"] = d.DeliveredAt,
        ["AttemptLog"] = JsonSerializer.Serialize(d.Log.TakeLast(KeptAttempts), JsonSerializerOptions.Web),
    };

    private static WebhookDelivery ToDelivery(TableEntity e) => new(
        e.PartitionKey,
        e.GetString("Webhook") ?? "",
        e.GetString("EventKey") ?? "",
        e.GetString("Event") ?? "",
        e.GetString("Body") ?? "",
        e.GetString("Status") ?? Pending,
        e.GetInt32("Attempts") ?? 0,
        e.GetDateTimeOffset("NextAttemptAt") ?? default,
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetDateTimeOffset("DeliveredAt"),
        JsonSerializer.Deserialize<List<DeliveryAttempt>>(e.GetString("AttemptLog") ?? "[]", JsonSerializerOptions.Web) ?? [],
        e.ETag.ToString());

    private static Webhook ToWebhook(TableEntity e) => new(
        e.RowKey[WebhookPrefix.Length..],
        e.GetString("Url") ?? "",
        (e.GetString("Events") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        e.GetString("SealedSecret") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetDateTimeOffset("UpdatedAt") ?? default);
}

/// <summary>A tenant's webhook: where events go, which, and its secret as the service sealed it (never in clear).</summary>
public sealed record Webhook(string Name, string Url, IReadOnlyList<string> Events, string SealedSecret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One event for one webhook, in the outbox: its body (as written when the event happened), where it is, and its attempts.</summary>
public sealed record WebhookDelivery(
    string TenantId,
    string Webhook,
    string EventKey,
    string Event,
    string Body,
    string Status,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<DeliveryAttempt> Log,
    string ETag)
{
    /// <summary>The event's id: the same for every webhook it goes to, sent as <c>X-UserDataFeed-Delivery</c> so a receiver can drop a repeat.</summary>
    public string EventId => $"{EventKey}.{Event}";
}

/// <summary>One attempt: when, the receiver's HTTP status (null when none came), what went wrong, how long the receiver took to answer (null when it did not).</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, string? Error, long? DurationMs);
