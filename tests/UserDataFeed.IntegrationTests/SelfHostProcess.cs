using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UserDataFeed.IntegrationTests;

/// <summary>The self-host as a separate process (so a test can kill it), configured through environment variables.</summary>
public sealed class SelfHostProcess : IDisposable
{
    private readonly Process process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output;

    private SelfHostProcess(Process process, Uri address, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        this.process = process;
        this.output = output;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What the process wrote to its console so far (to tell why it stopped).</summary>
    public string Output => string.Join("\n", output);

    public bool HasExited => process.HasExited;

    /// <summary>How the process names itself as an import's worker (machine:pid).</summary>
    public string WorkerName => $"{Environment.MachineName}:{process.Id}";

    public static async Task<SelfHostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = UserDataFeed.SelfHost.SelfHostProcessStart.For(settings, address);
        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await probe.GetAsync("/api/tenants/probe");
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return new SelfHostProcess(process, address, output);
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.False(process.HasExited, "The self-host process exited during start-up.");
            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The self-host process did not start listening within 30 s.");
    }

    /// <summary>Ends the process at once, as a crash or a killed container would.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    /// <summary>
    /// Settings for a process a test kills mid-import: small, one-at-a-time writes (so an import lasts long enough
    /// to be caught in the middle), and a lease and a message visibility that lapse within seconds.
    /// </summary>
    public static Dictionary<string, string?> SlowWorkerSettings()
    {
        var settings = TestService.NewSettings();
        settings["Feed:BatchSize"] = "5";
        settings["Feed:MaxParallelBatches"] = "1";
        settings["Feed:LeaseDuration"] = "00:00:03";
        settings["Queues:VisibilityTimeout"] = "00:00:05";
        return settings;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free port whose next one is free too (Azurite's queues listen on the tables' port + 1).</summary>
    public static int FreePortPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // taken: try another pair
            }
        }
    }
}
