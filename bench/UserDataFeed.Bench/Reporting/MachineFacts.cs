using System.Runtime.InteropServices;

namespace UserDataFeed.Bench.Reporting;

/// <summary>The machine a run came from, read from /proc and /etc/os-release.</summary>
public sealed record MachineFacts(string Cpu, int Cores, long MemoryBytes, string Os, string Runtime)
{
    /// <summary>The 1-, 5- and 15-minute load averages: other work on the machine shows up here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static MachineFacts Read() => new(
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        long.Parse((FirstValue("/proc/meminfo", "MemTotal") ?? "0").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024,
        (FirstValue("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription).Trim('"'),
        RuntimeInformation.FrameworkDescription);

    private static string? FirstValue(string path, string key, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && line[..at].Trim() == key)
            {
                return line[(at + 1)..].Trim();
            }
        }

        return null;
    }
}
