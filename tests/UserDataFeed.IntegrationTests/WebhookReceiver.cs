using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A webhook receiver on a loopback port the OS chooses: records every request it gets and answers each with the
/// status <see cref="Answer"/> gives for it (the request's number, 1 first), as a tenant's endpoint would, and counts the
/// connections made to it (whether or not a request followed).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Received> received = new();
    private int count;
    private int connections;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>The status of the n-th request; 200 unless a test says otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    public string Url { get; private set; } = "";

    public IReadOnlyList<Received> Requests => [.. received];

    /// <summary>The TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        WebhookReceiver? receiver = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref receiver!.connections);
            return next(connection);
        })));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var n = Interlocked.Increment(ref receiver.count);
            receiver.received.Enqueue(new Received(body, request.Headers["X-UserDataFeed-Signature"].ToString(),
                request.Headers["X-UserDataFeed-Event"].ToString(), request.Headers["X-UserDataFeed-Delivery"].ToString()));
            return Results.StatusCode(receiver.Answer(n));
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// <summary>The requests once at least <paramref name="atLeast"/> came (or after a minute).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int atLeast)
    {
        for (var i = 0; i < 600 && received.Count < atLeast; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(received.Count >= atLeast, $"The receiver got {received.Count} requests, not {atLeast}.");
        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>A request as it came: its body and the service's headers.</summary>
    public sealed record Received(string Body, string Signature, string Event, string Delivery)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        /// <summary>Checks the signature as a receiver would: t=…,v1=hex(HMAC-SHA256(secret, t + "." + body)), compared in fixed time.</summary>
        public bool IsSignedWith(string secret)
        {
            var parts = Signature.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1))
            {
                return false;
            }

            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{Body}"));
            return v1.Length == expected.Length * 2 && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(v1), expected);
        }
    }
}
