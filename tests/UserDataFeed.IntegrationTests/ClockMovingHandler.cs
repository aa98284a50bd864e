namespace UserDataFeed.IntegrationTests;

/// <summary>
/// Moves a <see cref="MovableClock"/> on by <paramref name="by"/> after every <paramref name="every"/>th Table Storage
/// transaction (a POST to <c>$batch</c>) has been answered, so a work budget runs out after a number of writes, not
/// after a span of the machine's time.
/// </summary>
/// <param name="inner">What sends the requests on (a handler that holds some, as <see cref="PausedSaveHold"/>); else a socket handler.</param>
public sealed class ClockMovingHandler(MovableClock clock, TimeSpan by, int every, HttpMessageHandler? inner = null)
    : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    private int transactions;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)
            && Interlocked.Increment(ref transactions) % every == 0)
        {
            clock.Advance(by);
        }

        return response;
    }
}
