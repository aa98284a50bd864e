using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A pass-through to Azurite's Table service for the self-host processes a test starts (they take
/// <see cref="TablesConnectionString"/>), which stops the Table Storage transactions (POSTs to <c>$batch</c>) once
/// <see cref="HoldAfter"/> says so: a test catches an import in the middle of writing its users and keeps it there
/// for as long as it needs, however fast the machine is. A held transaction is never sent on: once released it is
/// answered 503, as its process is meant to be gone by then.
/// </summary>
public sealed class TransactionGate : IAsyncDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive" };

    private readonly HttpClient stores = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri tables = new(LocalStores.TablesConnectionString.Split(';')
        .Single(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]);

    private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? app;
    private Uri? address;
    private int passing = int.MaxValue;

    /// <summary>The stores' connection string with the Table endpoint through the gate (the queues as they are).</summary>
    public string TablesConnectionString => LocalStores.TablesConnectionString.Replace(
        $"TableEndpoint={tables.GetLeftPart(UriPartial.Authority)}", $"TableEndpoint={address!.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);

    /// <summary>Completes once a transaction is held.</summary>
    public Task Holding => holding.Task;

    public static async Task<TransactionGate> StartAsync()
    {
        var gate = new TransactionGate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        gate.app = builder.Build();
        gate.app.Run(gate.ForwardAsync);
        await gate.app.StartAsync();
        gate.address = new Uri(gate.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return gate;
    }

    /// <summary>Lets <paramref name="transactions"/> more transactions through, then holds every later one until <see cref="Release"/>.</summary>
    public void HoldAfter(int transactions) => Volatile.Write(ref passing, transactions);

    /// <summary>Opens the gate for good; what it held is answered 503.</summary>
    public void Release() => released.TrySetResult();

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (!released.Task.IsCompleted && request.Method == HttpMethods.Post && request.Path.Value!.EndsWith("/$batch", StringComparison.Ordinal)
            && Interlocked.Decrement(ref passing) < 0)
        {
            holding.TrySetResult();
            await released.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(tables.GetLeftPart(UriPartial.Authority) + request.Path + request.QueryString))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in request.Headers.Where(h => !NotForwarded.Contains(h.Key)))
        {
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var answer = await stores.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(h => !NotForwarded.Contains(h.Key)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        stores.Dispose();
    }
}
