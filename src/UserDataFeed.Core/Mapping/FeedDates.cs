using System.Globalization;

namespace UserDataFeed.Core.Mapping;

/// <summary>
/// The dates a feed carries (<c>startDate</c>, <c>endDate</c>): an ISO 8601 date (<c>2026-12-31</c>) or date-time
/// (<c>2026-12-31T17:30</c>, seconds and fractions optional, <c>T</c> or a space between), with <c>Z</c> or an offset
/// (<c>+01:00</c>) for an instant, or without one for a time in the tenant's time zone. A date means a whole day in
/// the tenant's time zone: a start date from the start of that day, an end date until the end of it (the user works
/// through their last day).
/// </summary>
public static class FeedDates
{
    private static readonly string[] TimesOfDay = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    private static readonly string[] LocalFormats = [.. TimesOfDay.SelectMany(t => new[] { "yyyy-MM-dd'T'" + t, "yyyy-MM-dd' '" + t })];

    private static readonly string[] OffsetFormats = [.. LocalFormats.SelectMany(f => new[] { f + "zzz", f + "'Z'" })];

    /// <summary>The example the template shows.</summary>
    public const string Example = "2024-01-15";

    /// <summary>
    /// The instant a start date (<paramref name="isEnd"/> false) begins, or an end date ends, in
    /// <paramref name="timeZone"/>; null when <paramref name="text"/> is not one of the formats.
    /// </summary>
    public static DateTimeOffset? Instant(string text, bool isEnd, TimeZoneInfo timeZone)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return StartOf(isEnd ? day.AddDays(1) : day, timeZone);
        }

        if (DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        return DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? Local(local, timeZone)
            : null;
    }

    /// <summary>The time zone of an IANA id (or Windows id), or null when the system knows none of that name.</summary>
    public static TimeZoneInfo? Zone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo timeZone) => Local(day.ToDateTime(TimeOnly.MinValue), timeZone);

    /// <summary>A wall-clock time in the zone as an instant; a time a clock change skips is moved on to when the clock shows it again.</summary>
    private static DateTimeOffset Local(DateTime local, TimeZoneInfo timeZone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, timeZone), TimeSpan.Zero);
    }
}
