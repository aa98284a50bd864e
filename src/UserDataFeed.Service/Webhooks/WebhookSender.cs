using System.Diagnostics;
using System.Text;
using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Webhooks;

/// <summary>
/// Delivers the outbox: each due delivery is claimed (its next attempt moved past this one's end, under its ETag, so
/// two senders never post it at once), posted signed, and its attempt recorded. A 2xx delivers it; anything else
/// (another status, no answer within <see cref="WebhookOptions.Timeout"/>, a refused connection) is tried again after
/// a back-off that doubles, until <see cref="WebhookOptions.MaxAttempts"/>. A sender that dies mid-attempt leaves its
/// claim to lapse, and the delivery is tried again: at least once. Run by the self-host's
/// <see cref="WebhookDeliveryService"/> and the Functions app's timer.
/// </summary>
public sealed class WebhookSender(
    WebhookStore store,
    WebhookSecrets secrets,
    IHttpClientFactory clients,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    private const int BatchSize = 50;
    private const int Parallelism = 4;

    private readonly WebhookOptions webhooks = options.Value;

    /// <summary>Sends what is due now, a batch at a time, until nothing is due; returns the attempts made.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var attempts = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await store.ListDueAsync(time.GetUtcNow(), BatchSize, cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            var made = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (delivery, ct) =>
            {
                if (await AttemptAsync(delivery, ct))
                {
                    Interlocked.Increment(ref made);
                }
            });
            attempts += made;
            if (made == 0 || due.Count < BatchSize)
            {
                break; // the rest are another sender's
            }
        }

        return attempts;
    }

    private async Task<bool> AttemptAsync(WebhookDelivery due, CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow();
        var claimed = await store.TryUpdateAsync(due with { NextAttemptAt = start + (2 * webhooks.Timeout) }, cancellationToken);
        if (claimed is null)
        {
            return false;
        }

        var hook = await store.GetAsync(due.TenantId, due.Webhook, cancellationToken);
        var started = time.GetTimestamp();
        var (status, error) = hook is null
            ? (null, "The webhook was deleted.")
            : await PostAsync(hook, claimed, cancellationToken);
        var attempt = new DeliveryAttempt(start, status, error, status is null ? null : (long)time.GetElapsedTime(started).TotalMilliseconds);
        var count = claimed.Attempts + 1;
        var delivered = status is >= 200 and < 300;
        var giveUp = !delivered && (hook is null || count >= webhooks.MaxAttempts);
        var now = time.GetUtcNow();
        var next = claimed with
        {
            Attempts = count,
            Status = delivered ? WebhookStore.Delivered : giveUp ? WebhookStore.Failed : WebhookStore.Pending,
            DeliveredAt = delivered ? now : null,
            NextAttemptAt = delivered || giveUp ? now : start + webhooks.BackOff(count), // from the start: the end would tell how long the attempt took
            Log = [.. claimed.Log, attempt],
        };
        try
        {
            await store.TryUpdateAsync(next, CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            Log.WebhookRecordFaulted(logger, ex, due.TenantId, due.Webhook, due.EventId); // the claim lapses and it is sent again
        }

        if (delivered)
        {
            Log.WebhookDelivered(logger, due.TenantId, due.Webhook, due.Event, due.EventId, count, status!.Value);
        }
        else
        {
            Log.WebhookAttemptFailed(logger, due.TenantId, due.Webhook, due.Event, due.EventId, count, status, error ?? "", giveUp);
        }

        return true;
    }

    /// <summary>
    /// Posts the body signed with the webhook's secret; the receiver's status, or why there is none in words the tenant
    /// can act on: no answer in time, TLS refused, or could not be reached. Every failure to connect (refused, filtered,
    /// unresolvable, or an address <see cref="WebhookAddressRule"/> refuses) reads the same and is recorded once
    /// <see cref="WebhookOptions.ConnectTimeout"/> has passed, so the log tells nothing about a network it must not map.
    /// </summary>
    private async Task<(int? Status, string? Error)> PostAsync(Webhook hook, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        if (WebhookRules.UrlProblem(hook.Url, webhooks.AllowHttpLoopback) is { } problem)
        {
            return (null, $"The URL is no longer allowed: {problem}");
        }

        if (secrets.Open(delivery.TenantId, hook.Name, hook.SealedSecret) is not { } secret)
        {
            return (null, "The webhook's secret cannot be read with this configuration (was Auth:OperatorKey changed?); rotate the secret.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookRules.SignatureHeader, WebhookRules.Signature(secret, time.GetUtcNow(), delivery.Body));
        request.Headers.Add(WebhookRules.EventHeader, delivery.Event);
        request.Headers.Add(WebhookRules.DeliveryHeader, delivery.EventId);
        var started = time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(webhooks.Timeout);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {webhooks.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return (null, "The receiver's TLS handshake failed (its certificate is not trusted, or it does not speak TLS on this port).");
        }
        catch (HttpRequestException ex)
        {
            if (ex.InnerException is WebhookAddressRefusedException refused)
            {
                Log.WebhookAddressRefused(logger, delivery.TenantId, hook.Name, refused.Message);
            }

            var remaining = webhooks.ConnectTimeout - time.GetElapsedTime(started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, time, cancellationToken);
            }

            return (null, Unreachable);
        }
    }

    /// <summary>What every failed connection records, whatever failed.</summary>
    public const string Unreachable = "The receiver could not be reached.";
}

/// <summary>The self-host's webhook sender: every <see cref="WebhookOptions.SendInterval"/>, the due deliveries (the Functions app uses its timer).</summary>
public sealed class WebhookDeliveryService(WebhookSender sender, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SendInterval, time);
        do
        {
            try
            {
                await sender.SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.WebhookSendFaulted(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
