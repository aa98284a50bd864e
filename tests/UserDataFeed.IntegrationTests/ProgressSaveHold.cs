namespace UserDataFeed.IntegrationTests;

/// <summary>
/// Carries the service's store traffic; moves its <see cref="SteppedClock"/> a second on after each transaction of users
/// (a POST to <c>$batch</c>) is answered, so the import saves its progress, and holds every save of an import record sent
/// after a transaction (the progress saves, and the client's retries of them) until <see cref="Release"/>.
/// </summary>
public sealed class ProgressSaveHold(SteppedClock clock, int transactions) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int answered;

    /// <summary>Completes once a progress save is held.</summary>
    public Task Holding => holding.Task;

    /// <summary>Completes once <c>transactions</c> transactions were answered.</summary>
    public Task AllAnswered => allAnswered.Task;

    public void Release() => released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Put && path.Contains("Imports(", StringComparison.Ordinal)
            && Volatile.Read(ref answered) > 0 && !released.Task.IsCompleted)
        {
            holding.TrySetResult();
            await released.Task.WaitAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            if (Interlocked.Increment(ref answered) == transactions)
            {
                allAnswered.TrySetResult();
            }
        }

        return response;
    }
}

/// <summary>The system's clock plus an offset a test moves on: both the time of day and the timestamps elapsed time is measured with.</summary>
public sealed class SteppedClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override long GetTimestamp() =>
        base.GetTimestamp() + (long)(Interlocked.Read(ref offsetTicks) * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
