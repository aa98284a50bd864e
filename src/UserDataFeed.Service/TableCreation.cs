using Microsoft.Extensions.Hosting;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service;

/// <summary>
/// Creates the service's tables as a step of either host's start-up, so the stores only use them. It runs in
/// <see cref="StartingAsync"/>, before any hosted service starts: before the self-host listens, before its queue
/// consumer and timer, and before the Functions worker takes invocations. Stores unreachable then fail the start
/// (after the store clients' retries), as a missing setting does.
/// </summary>
public sealed class TableCreation(TableSet tables) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => tables.EnsureCreatedAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
