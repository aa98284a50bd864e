using System.Globalization;

namespace UserDataFeed.Core.Scim;

/// <summary>SCIM's dateTime (RFC 7643 §2.3.5, an xsd:dateTime such as <c>2026-12-07T17:00:00Z</c>); no offset means UTC.</summary>
internal static class ScimDates
{
    public static bool TryParse(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant)
        && text!.Contains('T', StringComparison.Ordinal);
}
