using UserDataFeed.Core.Planning;

namespace UserDataFeed.Core.Tenants;

/// <summary>An organisation on the platform and its feed switch.</summary>
public sealed record Tenant(
    string TenantId,
    string DisplayName,
    bool FeedEnabled,
    string Bucket,
    HoldThreshold Hold,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>How long the tenant may go without a new file before its feed counts as stale; null: never.</summary>
    public TimeSpan? StaleAfter { get; init; }

    /// <summary>The grace period: how many consecutive files an active feed user may miss before absence deactivates them (1: the first).</summary>
    public int DeactivateAfterMissingFiles { get; init; } = 1;

    /// <summary>The IANA time zone in which the users' start and end dates are days (and local times are read).</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Consecutive failed files after which the feed pauses itself until an admin resumes it; 0: never.</summary>
    public int PauseAfterFailedFiles { get; init; } = DefaultPauseAfterFailedFiles;

    public const int DefaultPauseAfterFailedFiles = 5;
    public const int MaxPauseAfterFailedFiles = 100;

    /// <summary>How many days each entry of a user's history is kept (the poller removes older ones); 0: no history is recorded.</summary>
    public int HistoryRetentionDays { get; init; } = DefaultHistoryRetentionDays;

    public const int DefaultHistoryRetentionDays = 400;
    public const int MaxHistoryRetentionDays = 3650;

    /// <summary>The rolling window in which a SCIM client's deactivations are counted against <see cref="Hold"/> (the stream's safety hold).</summary>
    public TimeSpan ScimHoldWindow { get; init; } = DefaultScimHoldWindow;

    public static readonly TimeSpan DefaultScimHoldWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinScimHoldWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxScimHoldWindow = TimeSpan.FromDays(30);

    /// <summary>Whether changes to the tenant's users are recorded in their histories.</summary>
    public bool KeepsHistory => HistoryRetentionDays > 0;

    /// <summary>Where the tenant's users come from: the file feed (the default) or a SCIM client; one at a time.</summary>
    public UsersSource UsersSource { get; init; } = UsersSource.File;

    /// <summary>The SCIM attributes the tenant's admin chose for fields (field → attribute path); the others take their default (<c>ScimUserMapping</c>).</summary>
    public IReadOnlyDictionary<string, string> ScimAttributes { get; init; } = new Dictionary<string, string>();
}

/// <summary>The one source of a tenant's users: files dropped in its bucket, or an identity provider over SCIM.</summary>
public enum UsersSource
{
    File,
    Scim,
}

/// <summary>A custom profile field defined for a tenant.</summary>
public sealed record CustomField(string Key, string Label);

/// <summary>A saved mapping with its version and the store's concurrency tag.</summary>
public sealed record SavedMapping(IReadOnlyDictionary<string, string> Fields, int Version, string ETag, DateTimeOffset UpdatedAt)
{
    /// <summary>The rows the feed applies (<see cref="Mapping.ScopeRule"/>); empty: every row.</summary>
    public IReadOnlyList<Mapping.ScopeRule> Scope { get; init; } = [];

    /// <summary>The transforms of mapped fields' values (<see cref="Mapping.FieldTransform"/>), by field.</summary>
    public IReadOnlyDictionary<string, Mapping.FieldTransform> Transforms { get; init; } = new Dictionary<string, Mapping.FieldTransform>();

    public Mapping.FeedMapping ToMapping() => new(Fields) { Scope = Scope, Transforms = Transforms };
}

/// <summary>An issued S3 access key as we remember it: never its secret.</summary>
public sealed record S3KeyInfo(string AccessKeyId, DateTimeOffset CreatedAt);
