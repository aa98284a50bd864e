using System.Security.Cryptography;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.S3;
using UserDataFeed.SelfHost;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// One self-hosted service on a free loopback port, with its own tables, buckets and RGW users on the
/// shared local stores. Disposing it stops the host.
/// </summary>
public sealed class TestService : IApiHost, IAsyncDisposable
{
    private TestService(WebApplication app, Uri address, IReadOnlyDictionary<string, string?> settings, CapturedLogs logs)
    {
        App = app;
        Address = address;
        Settings = settings;
        Logs = logs;
        Operator = Client(settings["Auth:OperatorKey"]!);
        serviceS3 = StoreClients.S3(LocalStores.S3Endpoint, "us-east-1", LocalStores.ServiceAccessKey, LocalStores.ServiceSecretKey);
    }

    private readonly IAmazonS3 serviceS3;

    public WebApplication App { get; }

    public Uri Address { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public CapturedLogs Logs { get; }

    public HttpClient Operator { get; }

    public string OperatorKey => Settings["Auth:OperatorKey"]!;

    public string TablePrefix => Settings["Tables:Prefix"]!;

    public static Dictionary<string, string?> NewSettings()
    {
        var run = RandomNumberGenerator.GetHexString(8, lowercase: true);
        return new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Tables:ConnectionString"] = LocalStores.TablesConnectionString,
            ["Tables:Prefix"] = "t" + run,
            ["S3:ServiceUrl"] = LocalStores.S3Endpoint,
            ["S3:AccessKey"] = LocalStores.ServiceAccessKey,
            ["S3:SecretKey"] = LocalStores.ServiceSecretKey,
            ["S3:BucketPrefix"] = $"t{run}-",
            ["S3:Rgw:AdminAccessKey"] = LocalStores.AdminAccessKey,
            ["S3:Rgw:AdminSecretKey"] = LocalStores.AdminSecretKey,
            ["S3:Rgw:TenantUserPrefix"] = $"t{run}-",
            ["Auth:OperatorKey"] = "op-" + RandomNumberGenerator.GetHexString(40),
            ["Feed:PollInterval"] = "00:00:00",
        };
    }

    public static async Task<TestService> StartAsync(Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var settings = NewSettings();
        configure?.Invoke(settings);
        var logs = new CapturedLogs();
        var app = SelfHostApp.Build([], config => config.AddInMemoryCollection(settings), services);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestService(app, new Uri(address), settings, logs);
    }

    public HttpClient Client(string? token) => ApiHost.Client(Address, token);

    /// <summary>S3 client as the service's own data user (to look into buckets from a test).</summary>
    public IAmazonS3 ServiceS3() => serviceS3;

    public async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        serviceS3.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
