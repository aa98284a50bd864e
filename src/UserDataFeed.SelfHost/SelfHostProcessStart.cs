using System.Diagnostics;

namespace UserDataFeed.SelfHost;

/// <summary>How to start this self-host as a process of its own, configured through environment variables (tests and the bench start workers so).</summary>
public static class SelfHostProcessStart
{
    public static ProcessStartInfo For(IReadOnlyDictionary<string, string?> settings, Uri address)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(SelfHostApp).Assembly.Location])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Urls"] = address.ToString();
        return start;
    }
}
