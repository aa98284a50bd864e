namespace UserDataFeed.Bench.Stores;

/// <summary>The stores <c>scripts/stores/stores.sh start</c> wrote to its env file (plain KEY=value lines).</summary>
public sealed record StoreEndpoints(
    string TablesConnectionString,
    string S3Endpoint,
    string ServiceAccessKey,
    string ServiceSecretKey,
    string AdminAccessKey,
    string AdminSecretKey)
{
    public static StoreEndpoints Load(string envFile)
    {
        if (!File.Exists(envFile))
        {
            throw new FileNotFoundException($"No stores env file at {envFile}. Run the bench with scripts/bench.sh, which starts the stores.", envFile);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(envFile))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[line[..equals]] = line[(equals + 1)..];
            }
        }

        string Get(string name) => values.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"{name} is missing from {envFile}.");
        return new StoreEndpoints(
            Get("AZURITE_CONNECTION_STRING"),
            Get("RGW_ENDPOINT"),
            Get("RGW_SERVICE_ACCESS_KEY"),
            Get("RGW_SERVICE_SECRET_KEY"),
            Get("RGW_ADMIN_ACCESS_KEY"),
            Get("RGW_ADMIN_SECRET_KEY"));
    }
}
