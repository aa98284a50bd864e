using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>The webhook outbox is durable: a delivery pending when the process dies is delivered by the next one.</summary>
public sealed class WebhookOutboxTests
{
    [Fact]
    public async Task Delivery_pending_when_the_process_is_killed_is_delivered_after_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var accept = false;
        receiver.Answer = _ => Volatile.Read(ref accept) ? 200 : 503;
        var settings = TestService.NewSettings();
        WebhookTests.FastWebhooks(settings);
        settings["Feed:LeaseDuration"] = "00:00:03";
        settings["Queues:VisibilityTimeout"] = "00:00:05";
        string secret;
        string importId;
        string token;
        using (var first = await SelfHostProcess.StartAsync(settings))
        {
            var host = new RemoteHost(first.Address, settings);
            var tenant = await FeedTenant.CreateAsync(host, "outbox", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
            token = tenant.Admin.DefaultRequestHeaders.Authorization!.Parameter!;
            secret = (await tenant.Admin.PutJsonAsync("/api/tenants/outbox/feed/webhooks/ops", new { url = receiver.Url, events = new[] { "import.completed" } },
                System.Net.HttpStatusCode.Created)).Str("secret");
            importId = (await tenant.ImportAsync("Email,First,Last\r\nann@outbox.example,Ann,Lee\r\n")).Str("importId");
            await receiver.WaitForAsync(1);
            JsonElement refused;
            do
            {
                await Task.Delay(50);
                refused = (await tenant.Admin.GetJsonAsync("/api/tenants/outbox/feed/webhooks/ops/deliveries")).GetProperty("items")[0];
            }
            while (refused.GetProperty("attemptCount").GetInt32() == 0);
            Assert.Equal("pending", refused.Str("status")); // refused and recorded: pending, waiting for its next attempt
            first.Kill();
        }

        var refusedBeforeKill = receiver.Requests.Count;
        var pending = receiver.Requests[^1];
        Volatile.Write(ref accept, true);
        using var second = await SelfHostProcess.StartAsync(settings);
        var admin = new RemoteHost(second.Address, settings).Client(token);
        var requests = await receiver.WaitForAsync(refusedBeforeKill + 1);
        JsonElement delivery;
        do
        {
            await Task.Delay(100);
            delivery = (await admin.GetJsonAsync("/api/tenants/outbox/feed/webhooks/ops/deliveries")).GetProperty("items")[0];
        }
        while (delivery.Str("status") == "pending");

        var delivered = requests[refusedBeforeKill];
        Assert.True(refusedBeforeKill >= 1);
        Assert.True(delivered.IsSignedWith(secret));
        Assert.Equal((pending.Delivery, pending.Body), (delivered.Delivery, delivered.Body));
        Assert.Equal(importId, delivered.Json.GetProperty("import").Str("importId"));
        Assert.Equal("delivered", delivery.Str("status"));
        // Every refused attempt that was recorded before the kill, and the one that delivered (one cut short by the kill may go unrecorded).
        Assert.InRange(delivery.GetProperty("attemptCount").GetInt32(), 2, refusedBeforeKill + 1);
        Assert.Equal(200, delivery.GetProperty("attempts").EnumerateArray().Last().GetProperty("statusCode").GetInt32());
        Assert.All(delivery.GetProperty("attempts").EnumerateArray().SkipLast(1), a => Assert.Equal(503, a.GetProperty("statusCode").GetInt32()));
    }
}
