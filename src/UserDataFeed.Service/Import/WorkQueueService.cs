using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Queues;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// The self-host's queue consumer (the Functions app uses its queue trigger instead): takes work messages,
/// up to <see cref="FeedOptions.MaxParallelTenants"/> at a time, and hands each to <see cref="FeedWorker"/>.
/// A taken message is kept hidden while it runs; it is completed when handled, and made visible again after
/// a fault (taken again after <see cref="FeedWorker.RetryDelay"/>) or at shutdown (taken at once by another
/// process). A process that dies leaves its messages to reappear after <see cref="QueueOptions.VisibilityTimeout"/>.
/// </summary>
public sealed class WorkQueueService(
    WorkQueue queue,
    FeedWorker worker,
    IOptions<QueueOptions> queueOptions,
    IOptions<FeedOptions> feedOptions,
    TimeProvider time,
    ILogger<WorkQueueService> logger) : BackgroundService
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    private readonly QueueOptions options = queueOptions.Value;
    private readonly int slots = feedOptions.Value.MaxParallelTenants;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var free = new SemaphoreSlim(slots, slots);
        var running = new HashSet<Task>();
        var idle = MinPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await free.WaitAsync(stoppingToken);
                var wanted = 1;
                while (wanted < slots && free.Wait(0, CancellationToken.None))
                {
                    wanted++;
                }

                var wakeUp = queue.NextSend; // before the look, so a send during it is not missed
                IReadOnlyList<TakenWork> taken = [];
                try
                {
                    taken = await queue.TakeAsync(wanted, options.VisibilityTimeout, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.QueueUnavailable(logger, ex, queue.Name); // a fault here must not end the process's worker
                }

                if (taken.Count < wanted)
                {
                    free.Release(wanted - taken.Count);
                }
                if (taken.Count == 0)
                {
                    await Task.WhenAny(wakeUp, Task.Delay(idle, time, stoppingToken));
                    idle = wakeUp.IsCompleted ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollingInterval.Ticks));
                    continue;
                }

                idle = MinPollingInterval;
                foreach (var work in taken)
                {
                    var task = RunAsync(work, stoppingToken);
                    lock (running)
                    {
                        running.Add(task);
                    }

                    _ = task.ContinueWith(done =>
                    {
                        lock (running)
                        {
                            running.Remove(done);
                        }

                        free.Release();
                    }, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] left;
        lock (running)
        {
            left = [.. running];
        }

        await Task.WhenAll(left);
    }

    private async Task RunAsync(TakenWork work, CancellationToken stoppingToken)
    {
        using var done = new CancellationTokenSource();
        var hiding = KeepHiddenAsync();
        try
        {
            await worker.HandleAsync(work.Message, work.DequeueCount, stoppingToken);
            await done.CancelAsync();
            await hiding;
            await queue.CompleteAsync(work, CancellationToken.None);
        }
        catch (Exception ex)
        {
            await done.CancelAsync();
            await hiding;
            var stopping = ex is OperationCanceledException && stoppingToken.IsCancellationRequested;
            if (!stopping)
            {
                Log.WorkFaulted(logger, ex, work.Message.TenantId, work.Message.Kind, work.DequeueCount);
            }

            try
            {
                await queue.KeepHiddenAsync(work, stopping ? TimeSpan.Zero : FeedWorker.RetryDelay, CancellationToken.None);
            }
            catch (RequestFailedException)
            {
                // Then it reappears when its visibility lapses.
            }
        }

        async Task KeepHiddenAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(options.VisibilityTimeout / 3, time, done.Token);
                    try
                    {
                        work = await queue.KeepHiddenAsync(work, options.VisibilityTimeout, done.Token);
                    }
                    catch (RequestFailedException ex) when (ex.Status != 404)
                    {
                        // A passing fault: try again next tick, while the message is still hidden.
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (RequestFailedException)
            {
                // 404: the message was taken by another worker after all; its lease keeps the work single.
            }
        }
    }
}
