using System.Net;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// Fails a share of the store requests before they leave the process: half answered 503 (throttling),
/// half as a dropped connection. Seeded, so a run is repeatable.
/// </summary>
public sealed class FaultInjectingHandler(double failureRate, int seed) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Random random = new(seed);
    private readonly Lock sync = new();
    private int injected;

    public int Injected => Volatile.Read(ref injected);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        double roll;
        lock (sync)
        {
            roll = random.NextDouble();
        }

        if (roll < failureRate / 2)
        {
            Interlocked.Increment(ref injected);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("") });
        }

        if (roll < failureRate)
        {
            Interlocked.Increment(ref injected);
            throw new HttpRequestException("Injected fault: the connection was reset.", new IOException("Connection reset by peer"));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
