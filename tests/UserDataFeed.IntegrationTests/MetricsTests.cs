using System.Collections.Concurrent;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Core.Planning;
using UserDataFeed.Functions;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.IntegrationTests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Import_metrics_reach_application_insights_with_the_tenant_as_a_dimension()
    {
        var channel = new CollectingChannel();
        using var configuration = new TelemetryConfiguration { TelemetryChannel = channel, ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000" };
        var client = new TelemetryClient(configuration);
        using var services = new ServiceCollection().AddMetrics().AddSingleton<FeedTelemetry>().BuildServiceProvider();
        using var bridge = new MetricsToApplicationInsights(client);
        await bridge.StartAsync(CancellationToken.None);

        services.GetRequiredService<FeedTelemetry>().Record("metrics-probe", "completed", new ImportCounts(120, 100, 15, 5, 2, 1, 3, 4), TimeSpan.FromSeconds(2.5));
        client.Flush();

        // The bridge listens to the process's "UserDataFeed" meter, which tests running alongside also record to: look at this tenant's.
        var metrics = channel.Items.OfType<MetricTelemetry>().Where(m => m.Properties.TryGetValue("tenant", out var t) && t == "metrics-probe").ToList();
        Assert.Equal(120.0, Assert.Single(metrics, m => m.Name == "udf.import.rows").Sum);
        Assert.Equal(100.0, Assert.Single(metrics, m => m.Name == "udf.import.users.created").Sum);
        Assert.Equal(2.0, Assert.Single(metrics, m => m.Name == "udf.import.users.deactivated").Sum);
        Assert.Equal(3.0, Assert.Single(metrics, m => m.Name == "udf.import.row_errors").Sum);
        Assert.Equal(2.5, Assert.Single(metrics, m => m.Name == "udf.import.duration").Sum);
    }

    private sealed class CollectingChannel : ITelemetryChannel
    {
        public ConcurrentQueue<ITelemetry> Items { get; } = new();

        public bool? DeveloperMode { get; set; }

        public string EndpointAddress { get; set; } = "";

        public void Send(ITelemetry item) => Items.Enqueue(item);

        public void Flush()
        {
        }

        public void Dispose()
        {
        }
    }
}
