namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The stores started by scripts/test.sh (Azurite and Ceph RGW), read from the env file it names in
/// UDF_STORES_ENV. Every test gets its own table prefix, bucket prefix and RGW user prefix, so tests run in parallel.
/// </summary>
public static class LocalStores
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Values = new(Load);

    public static string TablesConnectionString => Get("AZURITE_CONNECTION_STRING");

    public static string S3Endpoint => Get("RGW_ENDPOINT");

    public static string ServiceAccessKey => Get("RGW_SERVICE_ACCESS_KEY");

    public static string ServiceSecretKey => Get("RGW_SERVICE_SECRET_KEY");

    public static string AdminAccessKey => Get("RGW_ADMIN_ACCESS_KEY");

    public static string AdminSecretKey => Get("RGW_ADMIN_SECRET_KEY");

    private static string Get(string name) => Values.Value.TryGetValue(name, out var value)
        ? value
        : throw new InvalidOperationException($"{name} is missing from the stores env file.");

    private static Dictionary<string, string> Load()
    {
        var path = Environment.GetEnvironmentVariable("UDF_STORES_ENV");
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                "UDF_STORES_ENV does not name a stores env file. Run the tests with scripts/test.sh, which starts Azurite and Ceph RGW and sets it.");
        }

        return File.ReadAllLines(path)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .Select(line => (Key: line[..line.IndexOf('=', StringComparison.Ordinal)], Value: line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToDictionary(p => p.Key, p => p.Value);
    }
}
