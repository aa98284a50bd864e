using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Service.Webhooks;

namespace UserDataFeed.IntegrationTests;

/// <summary>The webhook address rule when connecting: a name that passed when saved but resolves to an internal address is never connected to.</summary>
public sealed class WebhookConnectTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    [Fact]
    public async Task Public_looking_name_that_resolves_to_loopback_is_not_connected_to_and_its_attempts_read_as_a_closed_ports_do()
    {
        await using var rebound = await WebhookReceiver.StartAsync();
        await using var local = await WebhookReceiver.StartAsync();
        var resolver = new AnsweringResolver(new()
        {
            ["hooks.example.com"] = [IPAddress.Loopback], // as a rebinding DNS answer would, after the URL was saved
            ["hooks.localhost"] = [IPAddress.Loopback],
        });
        await using var service = await TestService.StartAsync(
            settings =>
            {
                WebhookTests.FastWebhooks(settings); // http to loopback allowed: the development path goes through the same connection
                settings["Webhooks:MaxAttempts"] = "2";
            },
            services => services.AddSingleton<IWebhookHostResolver>(resolver));
        var tenant = await FeedTenant.CreateAsync(service, "hooks-rebind", Mapping);
        var path = "/api/tenants/hooks-rebind/feed/webhooks";
        await tenant.Admin.PutJsonAsync($"{path}/rebound", new { url = $"https://hooks.example.com:{new Uri(rebound.Url).Port}/hook", events = new[] { "import.completed" } }, HttpStatusCode.Created);
        await tenant.Admin.PutJsonAsync($"{path}/local", new { url = $"http://hooks.localhost:{new Uri(local.Url).Port}/hook", events = new[] { "import.completed" } }, HttpStatusCode.Created);
        await tenant.Admin.PutJsonAsync($"{path}/closed", new { url = $"http://hooks.localhost:{ClosedPort()}/hook", events = new[] { "import.completed" } }, HttpStatusCode.Created);

        await tenant.ImportAsync("Email,First,Last\r\nann@rebind.example,Ann,Lee\r\n");
        var refused = await SettledDeliveryAsync(tenant.Admin, $"{path}/rebound/deliveries");
        var delivered = await SettledDeliveryAsync(tenant.Admin, $"{path}/local/deliveries");
        var closed = await SettledDeliveryAsync(tenant.Admin, $"{path}/closed/deliveries");

        Assert.Contains("hooks.example.com", resolver.Asked);
        Assert.Equal(("delivered", 1), (delivered.Str("status"), local.Requests.Count));
        Assert.Equal(("failed", 2), (refused.Str("status"), refused.GetProperty("attemptCount").GetInt32()));
        Assert.Equal(("failed", 2), (closed.Str("status"), closed.GetProperty("attemptCount").GetInt32()));
        Assert.All(refused.GetProperty("attempts").EnumerateArray().Concat(closed.GetProperty("attempts").EnumerateArray()), attempt =>
        {
            Assert.Equal(WebhookSender.Unreachable, attempt.Str("error"));
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
            Assert.False(attempt.TryGetProperty("durationMs", out var duration) && duration.ValueKind != JsonValueKind.Null, $"A failed attempt shows how long it took: {attempt}");
        });
        Assert.Equal(0, rebound.Connections);
    }

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The webhook's only delivery once it is no longer pending (or after a minute).</summary>
    private static async Task<JsonElement> SettledDeliveryAsync(HttpClient admin, string deliveries)
    {
        for (var i = 0; ; i++)
        {
            var items = (await admin.GetJsonAsync(deliveries)).GetProperty("items").EnumerateArray().ToList();
            if ((items.Count == 1 && items[0].Str("status") != "pending") || i == 600)
            {
                return Assert.Single(items);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Answers the names it knows, as a DNS server would; records every name it is asked.</summary>
    private sealed class AnsweringResolver(Dictionary<string, IPAddress[]> answers) : IWebhookHostResolver
    {
        private readonly ConcurrentQueue<string> asked = new();

        public IReadOnlyCollection<string> Asked => asked;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            asked.Enqueue(host);
            return answers.TryGetValue(host, out var addresses)
                ? Task.FromResult(addresses)
                : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
        }
    }
}
