namespace UserDataFeed.IntegrationTests;

/// <summary>
/// Carries the service's store traffic as <see cref="ClockMovingHandler"/> does (the work budget runs out after a number of
/// transactions), and holds the first save of an import record that says it paused until <see cref="Release"/>: the
/// run has written its piece and its continuation has not started, so a test can write the users in between.
/// </summary>
public sealed class PausedSaveHold(MovableClock clock, TimeSpan by, int every) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int transactions;

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

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)
            && Interlocked.Increment(ref transactions) % every == 0)
        {
            clock.Advance(by);
        }

        return response;
    }
}
