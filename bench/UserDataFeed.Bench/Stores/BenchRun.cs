using System.Security.Cryptography;
using System.Text.Json;

namespace UserDataFeed.Bench.Stores;

/// <summary>
/// One bench run's names on the shared stores (tables, buckets and RGW users get a per-run prefix, as the
/// integration tests do) and its operator key. The parent writes it to a file; each scenario child reads it.
/// </summary>
public sealed record BenchRun(string StoresEnv, string RunId, string OperatorKey)
{
    public string TablePrefix => "b" + RunId;

    public string BucketPrefix => $"b{RunId}-";

    public static BenchRun Create(string storesEnv) =>
        new(Path.GetFullPath(storesEnv), RandomNumberGenerator.GetHexString(8, lowercase: true), "op-" + RandomNumberGenerator.GetHexString(40));

    public StoreEndpoints Stores() => StoreEndpoints.Load(StoresEnv);

    /// <summary>The self-host's configuration for this run: timer off (polls come through the API), quiet logs.</summary>
    public Dictionary<string, string?> SelfHostSettings()
    {
        var stores = Stores();
        return new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Tables:ConnectionString"] = stores.TablesConnectionString,
            ["Tables:Prefix"] = TablePrefix,
            ["S3:ServiceUrl"] = stores.S3Endpoint,
            ["S3:AccessKey"] = stores.ServiceAccessKey,
            ["S3:SecretKey"] = stores.ServiceSecretKey,
            ["S3:BucketPrefix"] = BucketPrefix,
            ["S3:Rgw:AdminAccessKey"] = stores.AdminAccessKey,
            ["S3:Rgw:AdminSecretKey"] = stores.AdminSecretKey,
            ["S3:Rgw:TenantUserPrefix"] = BucketPrefix,
            ["Auth:OperatorKey"] = OperatorKey,
            ["Feed:PollInterval"] = "00:00:00",
            ["RateLimits:PerTokenPermits"] = "1000000", // the bench follows its imports' records 20 times a second, for as long as they run
            ["RateLimits:ScimPerTokenPermits"] = "1000000", // B1 sends its 2,000 Bulk requests as fast as the service answers them
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this));

    public static BenchRun Load(string path) =>
        JsonSerializer.Deserialize<BenchRun>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is not a bench run.");
}
