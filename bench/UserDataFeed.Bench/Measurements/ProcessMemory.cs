using System.Globalization;

namespace UserDataFeed.Bench.Measurements;

/// <summary>Peak resident set size from /proc/self/status (VmHWM), which Linux lets a process reset for itself.</summary>
public static class ProcessMemory
{
    /// <summary>Resets VmHWM to the current RSS ("5" to clear_refs, Linux ≥ 4.0); false where that is not allowed.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long PeakBytes() => StatusKilobytes("VmHWM") * 1024;

    public static long CurrentBytes() => StatusKilobytes("VmRSS") * 1024;

    private static long StatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidDataException($"/proc/self/status has no {field} line.");
    }
}
