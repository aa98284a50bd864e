namespace UserDataFeed.IntegrationTests;

/// <summary>
/// Holds the first save of an import record that says it paused until <see cref="Release"/>: the run has written its
/// piece and its continuation has not started, so a test can write the users in between. Give it to the service inside
/// a <see cref="ClockMovingHandler"/>, so the work budget runs out after a number of transactions.
/// </summary>
public sealed class PausedSaveHold() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the paused save is held.</summary>
    public Task Holding => holding.Task;

    public void Release() => released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!holding.Task.IsCompleted && request.Method == HttpMethod.Put && request.Content is not null
            && request.RequestUri!.AbsolutePath.Contains("Imports(", StringComparison.Ordinal))
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            if ((await request.Content.ReadAsStringAsync(cancellationToken)).Contains("\"Paused\":true", StringComparison.Ordinal))
            {
                holding.TrySetResult();
                await released.Task.WaitAsync(cancellationToken);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
