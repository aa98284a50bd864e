using System.Diagnostics;
using Azure.Data.Tables;

namespace UserDataFeed.IntegrationTests;

/// <summary>The embedded stores of <c>scripts/run.sh</c> (--persist) keep every write they acknowledged across a stop.</summary>
public sealed class LocalStoreDurabilityTests
{
    [Fact]
    public async Task Persistent_azurite_keeps_every_acknowledged_write_across_a_stop_and_a_start()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "stores", "azurite.sh");
        var state = Directory.CreateTempSubdirectory("udf-durable-");
        var port = SelfHostProcess.FreePortPair();
        var connection = System.Text.RegularExpressions.Regex.Replace(LocalStores.TablesConnectionString, @"127\.0\.0\.1:\d+", $"127.0.0.1:{port}");
        try
        {
            await RunAsync(script, "start", state.FullName, $"{port}", "--persist");
            var table = new TableClient(connection, "durable");
            await table.CreateIfNotExistsAsync();
            for (var i = 0; i < 40; i++)
            {
                await table.AddEntityAsync(new TableEntity("p", $"{i:D3}") { ["Value"] = i });
            }

            await RunAsync(script, "stop", state.FullName);
            await RunAsync(script, "start", state.FullName, $"{port}", "--persist");

            var kept = 0;
            await foreach (var _ in new TableClient(connection, "durable").QueryAsync<TableEntity>())
            {
                kept++;
            }

            Assert.Equal(40, kept);
        }
        finally
        {
            await RunAsync(script, "stop", state.FullName);
            state.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string script, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(script)} {string.Join(' ', args)} failed: {await errors}");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UserDataFeed.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (UserDataFeed.sln) is not above the test binaries.");
    }
}
