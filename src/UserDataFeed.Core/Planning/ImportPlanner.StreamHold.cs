namespace UserDataFeed.Core.Planning;

public static partial class ImportPlanner
{
    /// <summary>
    /// Rule: the safety hold of a stream (SCIM). A client's next deactivation is held when, counted with the
    /// <paramref name="admittedInWindow"/> deactivations the rolling <paramref name="window"/> already holds, it would
    /// pass <paramref name="threshold"/> of the tenant's <paramref name="activeUsers"/>: the file's hold
    /// (<see cref="SafetyHold"/>, <see cref="HoldThreshold.IsExceeded"/>) applied to what the window adds up to, so a
    /// client sending one deactivation at a time can do no more than a file could at once. Null: admitted.
    /// </summary>
    public static string? StreamHold(int admittedInWindow, int activeUsers, HoldThreshold threshold, TimeSpan window)
    {
        var withThisOne = admittedInWindow + 1;
        return threshold.IsExceeded(withThisOne, activeUsers)
            ? $"This deactivation would make {withThisOne} deactivations within {Describe(window)} of the tenant's {activeUsers} active users, more than the safety threshold "
              + $"({threshold.Percent}% and more than {threshold.Minimum} users); an admin must approve it."
            : null;
    }

    private static string Describe(TimeSpan window) => window.TotalHours >= 1 && window.Ticks % TimeSpan.TicksPerHour == 0
        ? $"{window.TotalHours:0} hour(s)"
        : $"{window.TotalMinutes:0} minute(s)";
}
