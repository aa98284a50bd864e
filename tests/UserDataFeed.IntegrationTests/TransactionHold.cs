namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A store handler for a <see cref="TestService"/> that, once armed, holds every Table Storage transaction (a POST to
/// <c>$batch</c>) until released, then sends them all on: a test sees an import in the middle of writing its users for as
/// long as it needs, however fast the machine is.
/// </summary>
public sealed class TransactionHold : DelegatingHandler
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TransactionHold()
        : base(new SocketsHttpHandler())
    {
    }

    public bool Armed { get; set; }

    public void Release() => released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Armed && request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal))
        {
            await released.Task.WaitAsync(cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
