using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace UserDataFeed.Adapters.Queues;

/// <summary>
/// The work queue (Azure Queue Storage). Messages are JSON in base64, the encoding the Functions queue
/// trigger expects by default, so the Functions app and the self-host read each other's messages.
/// </summary>
public sealed class WorkQueue(QueueClient queue)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock sync = new();
    private Task? creation;
    private TaskCompletionSource sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => queue.Name;

    /// <summary>Completes when this process next sends a message, so its own worker can look at once.</summary>
    public Task NextSend
    {
        get
        {
            lock (sync)
            {
                return sent.Task;
            }
        }
    }

    public static string Serialize(WorkMessage message) => JsonSerializer.Serialize(message, Json);

    /// <summary>The message a body holds; null when it is not one (a foreign or damaged message).</summary>
    public static WorkMessage? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkMessage>(body, Json) is { TenantId.Length: > 0, Kind.Length: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task SendAsync(WorkMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        message = message with { TraceParent = System.Diagnostics.Activity.Current?.Id ?? message.TraceParent };
        await queue.SendMessageAsync(Serialize(message), visibilityTimeout: delay, cancellationToken: cancellationToken);
        TaskCompletionSource signalled;
        lock (sync)
        {
            signalled = sent;
            sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signalled.TrySetResult();
    }

    /// <summary>Takes up to <paramref name="count"/> messages, hidden from other workers for <paramref name="visibility"/>.</summary>
    public async Task<IReadOnlyList<TakenWork>> TakeAsync(int count, TimeSpan visibility, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        QueueMessage[] messages = await queue.ReceiveMessagesAsync(Math.Clamp(count, 1, 32), visibility, cancellationToken);
        var taken = new List<TakenWork>(messages.Length);
        foreach (var m in messages)
        {
            if (Parse(m.Body.ToString()) is { } message)
            {
                taken.Add(new TakenWork(message, m.MessageId, m.PopReceipt, m.DequeueCount));
            }
            else
            {
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken); // not ours to run; nothing to keep
            }
        }

        return taken;
    }

    /// <summary>Hides a taken message for another <paramref name="visibility"/>; the receipt changes with it.</summary>
    public async Task<TakenWork> KeepHiddenAsync(TakenWork work, TimeSpan visibility, CancellationToken cancellationToken)
    {
        UpdateReceipt updated = await queue.UpdateMessageAsync(work.MessageId, work.PopReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken);
        return work with { PopReceipt = updated.PopReceipt };
    }

    public async Task CompleteAsync(TakenWork work, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(work.MessageId, work.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Its visibility lapsed and another worker took it: that worker completes it.
        }
    }

    /// <summary>Messages waiting (visible or not yet), as the queue counts them.</summary>
    public async Task<int> ApproximateCountAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        QueueProperties properties = await queue.GetPropertiesAsync(cancellationToken);
        return properties.ApproximateMessagesCount;
    }

    private Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (creation is null || creation.IsFaulted || creation.IsCanceled)
            {
                creation = queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }

            return creation;
        }
    }
}
