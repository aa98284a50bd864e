using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A loopback HTTP endpoint that accepts what a telemetry exporter sends (Azure Monitor's ingestion API, OTLP over
/// HTTP) and keeps each request's path and body (gunzipped), so a test can read what would have left the process.
/// </summary>
public sealed class TelemetrySink : IAsyncDisposable
{
    private readonly WebApplication app;

    private TelemetrySink(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<(string Path, string Body)> Requests { get; } = new();

    public static async Task<TelemetrySink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        TelemetrySink? sink = null;
        app.Run(async context =>
        {
            Stream body = context.Request.Body;
            if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var copy = new MemoryStream();
            await body.CopyToAsync(copy);
            sink!.Requests.Enqueue((context.Request.Path, Encoding.UTF8.GetString(copy.ToArray())));
            if (context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                context.Response.ContentType = "application/x-protobuf";
                return; // OTLP: an empty success
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"itemsReceived":0,"itemsAccepted":0,"errors":[]}""");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink = new TelemetrySink(app, new Uri(address));
        return sink;
    }

    /// <summary>Everything received on paths starting with <paramref name="prefix"/>, as one text.</summary>
    public string Received(string prefix = "/") => string.Join("\n", Requests.Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Body));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
