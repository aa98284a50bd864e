using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace UserDataFeed.Service.Webhooks;

/// <summary>Resolves a webhook's host name to its addresses: DNS (a test registers its own answers).</summary>
public interface IWebhookHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The resolver of the service: the operating system's (DNS, hosts file).</summary>
public sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>A webhook's host offered only addresses <see cref="WebhookAddressRule"/> refuses, or a refused port: no connection was tried.</summary>
public sealed class WebhookAddressRefusedException(string reason) : Exception(reason);

/// <summary>
/// The webhook client's <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host once, keeps the addresses
/// <see cref="WebhookAddressRule"/> allows, and connects to one of them, so a name that resolves (or is rebound) to an
/// internal address is never connected to. Loopback is allowed only for an http request with <c>Webhooks:AllowHttpLoopback</c>.
/// Resolving and connecting get <see cref="WebhookOptions.ConnectTimeout"/>; running out of it is a failed connection, as
/// a refused one is.
/// </summary>
public sealed class WebhookConnector(IWebhookHostResolver resolver, IOptions<WebhookOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var webhooks = options.Value;
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var allowLoopback = webhooks.AllowHttpLoopback && context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
        if (WebhookAddressRule.PortProblem(port) is { } portProblem)
        {
            throw new WebhookAddressRefusedException(portProblem);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(webhooks.ConnectTimeout);
        try
        {
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolver.ResolveAsync(host, budget.Token);
            var allowed = addresses.Where(a => WebhookAddressRule.AddressProblem(a, allowLoopback) is null).ToArray();
            if (allowed.Length == 0)
            {
                var refused = addresses.Select(a => $"{a} is {WebhookAddressRule.AddressProblem(a, allowLoopback)}");
                throw new WebhookAddressRefusedException($"{host} offers no address a webhook may reach: {string.Join("; ", refused)}.");
            }

            return await ConnectToAnyAsync(allowed, port, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SocketException((int)SocketError.TimedOut); // out of the connect budget: a failed connection like any other
        }
    }

    private static async Task<Stream> ConnectToAnyAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
