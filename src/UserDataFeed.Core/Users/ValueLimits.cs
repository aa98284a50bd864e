namespace UserDataFeed.Core.Users;

/// <summary>
/// The longest value the feed or the API stores, each field's own (characters, once trimmed), and a user's values
/// together. They keep a user well inside Table Storage's rules (64 KiB a string property, 1 MiB an entity, 255
/// properties, 1 KiB a key), so a value over them is the row's error or the request's 400, never the store's refusal.
/// A user entity holds at most <see cref="Row"/> characters of values (2 bytes each), its platform groups
/// (<see cref="GroupNames.MaxPerUser"/> ids) and about 25 fixed properties besides one property per custom field,
/// of which a tenant defines at most <see cref="CustomFieldsPerTenant"/>.
/// </summary>
public static class ValueLimits
{
    /// <summary>An email (also the user's row key, escaped: at most 3 × 254 of the 1,024 a key may have).</summary>
    public const int Email = EmailAddress.MaxLength;

    /// <summary>A first or last name.</summary>
    public const int Name = 256;

    /// <summary>An external id.</summary>
    public const int ExternalId = 256;

    /// <summary>The roles cell (a few role names).</summary>
    public const int Roles = 1_000;

    /// <summary>The managers cell (emails).</summary>
    public const int Managers = 4_000;

    /// <summary>The groups cell (at most <see cref="GroupNames.MaxPerUser"/> names of <see cref="GroupNames.MaxLength"/>).</summary>
    public const int Groups = 4_000;

    /// <summary>A start or end date.</summary>
    public const int Date = 64;

    /// <summary>A custom field's value.</summary>
    public const int CustomField = 4_000;

    /// <summary>A row's stored values together: a user entity stays under 100 KB (each character 2 bytes).</summary>
    public const int Row = 32_000;

    /// <summary>The custom fields a tenant may define (one property each in a user entity, of the 252 it may have).</summary>
    public const int CustomFieldsPerTenant = 100;
}
