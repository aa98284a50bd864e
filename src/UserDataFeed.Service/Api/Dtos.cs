using System.ComponentModel;
using System.Text.Json.Serialization;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Api;

// Request and response bodies of the HTTP API (camelCase JSON, SPEC §5).

public sealed record TenantBody(string? DisplayName, bool? FeedEnabled);

public sealed record HoldDto(int Percent, int Minimum);

public sealed record TenantDto(string TenantId, string DisplayName, bool FeedEnabled, string Bucket, HoldDto Hold, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TenantDto From(Tenant t) => new(t.TenantId, t.DisplayName, t.FeedEnabled, t.Bucket, new HoldDto(t.Hold.Percent, t.Hold.Minimum), t.CreatedAt, t.UpdatedAt);
}

public sealed record AdminTokenBody(
    [property: Description("a label of at most 100 characters, e.g. \"IT handover\"")] string? Label,
    DateTimeOffset? ExpiresAt,
    [property: Description("an ISO 8601 duration such as \"P30D\" or \"PT12H\"")] string? ExpiresIn);

/// <summary>An issued admin token: the only time <see cref="Token"/> is shown.</summary>
public sealed record IssuedAdminTokenDto(string Id, string TenantId, string Token, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>An admin token as listed: never the token nor its hash.</summary>
public sealed record AdminTokenDto(string Id, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static AdminTokenDto From(AdminTokenInfo t) => new(t.Id, t.Label, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);
}

public sealed record FieldBody(string? Label);

public sealed record FieldDto(string Key, string Label);

[BodyHint("Field mappings go under 'fields': {\"fields\": {\"email\": \"Work Email\", \"firstName\": \"Given Name\", …}}.")]
public sealed record MappingBody(
    [property: Description("an object mapping field keys to column names, e.g. {\"email\": \"Work Email\"}")]
    [property: BodyLimits(MaxProperties = MappingLimits.MaxFields, MaxItemLength = MappingLimits.MaxColumnName)]
    Dictionary<string, string>? Fields,
    [property: Description("optional: the rows the feed applies; a row must pass every rule, the others count as absent")]
    [property: BodyLimits(MaxItems = MappingLimits.MaxScopeRules)]
    List<ScopeRuleDto?>? Scope = null,
    [property: Description("optional: a transform of a mapped field's value, by field, e.g. {\"email\": {\"kind\": \"lower\"}}")]
    [property: BodyLimits(MaxProperties = MappingLimits.MaxFields)]
    Dictionary<string, FieldTransformDto?>? Transforms = null);

/// <summary>A transform of a mapped field's value: its kind and the settings that kind takes (<see cref="FieldTransform"/>).</summary>
public sealed record FieldTransformDto(
    [property: Description("lower, upper, default, map, coalesce or concat")]
    [property: BodyLimits(OneOf = new[] { FieldTransform.Lower, FieldTransform.Upper, FieldTransform.Default, FieldTransform.Map, FieldTransform.Coalesce, FieldTransform.Concat })]
    string? Kind,
    [property: Description("default: the value of a blank cell"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(MaxLength = MappingLimits.MaxValue)]
    string? Value = null,
    [property: Description("map: the values to replace and what by, e.g. {\"HR\": \"Human Resources\"} (compared trimmed, in any case)"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(MaxProperties = MappingLimits.MaxMapEntries, MaxKeyLength = MappingLimits.MaxValue, MaxItemLength = MappingLimits.MaxValue)]
    Dictionary<string, string>? Values = null,
    [property: Description("map: 'keep' a value not in values (the default) or make it a row 'error'"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(OneOf = new[] { FieldTransform.Keep, FieldTransform.Error })]
    string? Unmatched = null,
    [property: Description("coalesce, concat: the columns read after the field's own (1 to 5)"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(MaxItems = MappingLimits.MaxTransformColumns, MaxItemLength = MappingLimits.MaxColumnName)]
    List<string>? Columns = null,
    [property: Description("concat: what joins the non-blank values (a space unless given)"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(MaxLength = MappingLimits.MaxSeparator)]
    string? Separator = null)
{
    public FieldTransform ToTransform() => new(Kind ?? "", Value, Values, Unmatched, Columns, Separator);

    public static FieldTransformDto From(FieldTransform t) =>
        new(t.Kind, t.Value, t.Values?.ToDictionary(), t.Unmatched, t.Columns?.ToList(), t.Separator);
}

/// <summary>A rule of the mapping's scope: exactly one of <see cref="In"/> and <see cref="NotIn"/>.</summary>
public sealed record ScopeRuleDto(
    [property: Description("the file's column the rule reads, e.g. \"Worker Type\"")]
    [property: BodyLimits(MaxLength = MappingLimits.MaxColumnName)]
    string? Column,
    [property: Description("a row is in scope when the column holds one of these (trimmed, any case)"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(MaxItems = MappingLimits.MaxScopeValues, MaxItemLength = MappingLimits.MaxScopeValue)]
    List<string?>? In = null,
    [property: Description("a row is in scope when the column holds none of these (trimmed, any case)"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: BodyLimits(MaxItems = MappingLimits.MaxScopeValues, MaxItemLength = MappingLimits.MaxScopeValue)]
    List<string?>? NotIn = null)
{
    public ScopeRule ToRule() => new(Column ?? "", In?.Select(v => v!).ToList(), NotIn?.Select(v => v!).ToList());

    public static ScopeRuleDto From(ScopeRule r) => new(r.Column, r.In?.ToList<string?>(), r.NotIn?.ToList<string?>());
}

public sealed record MappingDto(
    IReadOnlyDictionary<string, string> Fields, IReadOnlyList<ScopeRuleDto> Scope, IReadOnlyDictionary<string, FieldTransformDto> Transforms,
    int Version, [property: JsonPropertyName("etag")] string ETag, DateTimeOffset UpdatedAt)
{
    public static MappingDto From(SavedMapping m) => new(
        m.Fields, [.. m.Scope.Select(ScopeRuleDto.From)], m.Transforms.ToDictionary(t => t.Key, t => FieldTransformDto.From(t.Value)), m.Version, m.ETag, m.UpdatedAt);
}

public sealed record IssuedKeyDto(string Endpoint, string Bucket, string Region, string AccessKeyId, string SecretAccessKey);

public sealed record KeyDto(string AccessKeyId, DateTimeOffset CreatedAt);

public sealed record ConnectionDto(string Endpoint, string Bucket, string Region, IReadOnlyList<KeyDto> Keys);

public sealed record PollDto(IReadOnlyList<string> ImportIds);

/// <summary>
/// Where a running import is: its phase (queued, planning, writing, reporting; null once it ended), the data
/// rows planned, the user changes written of those planned, the worker that runs it, and how many times a
/// run stopped at its work budget and a continuation went on.
/// </summary>
public sealed record ProgressDto(string? Phase, int RowsPlanned, int Applied, int Planned, string? Worker, int Continuations);

public sealed record ImportDto(
    string ImportId,
    string FileKey,
    [property: JsonPropertyName("etag")] string ETag,
    long FileSize,
    string Status,
    string? Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    ImportCounts Counts,
    int Attempts,
    bool RetryPending,
    ProgressDto Progress)
{
    public static ImportDto From(ImportRecord r) => new(
        r.ImportId, r.FileKey, r.ETag, r.FileSize, r.Status, r.Reason, r.StartedAt, r.FinishedAt, r.Counts, r.Attempts, r.RetryPending,
        new ProgressDto(r.Phase, r.Planned ? r.Counts.Rows : 0, r.AppliedChanges, r.PlannedChanges, r.Worker, r.Continuations));
}

public sealed record IssueDto(
    int Row,
    string Column,
    string Value,
    string Code,
    string Message,
    string Severity,
    [property: Description("the row's user: its email (lower-cased), else its external id; empty when the row has neither")] string User)
{
    public static IssueDto From(RowIssue i) => new(i.Row, i.Column, i.Value, i.Code, i.Message, i.Severity == IssueSeverity.Error ? "error" : "warning", i.User);
}

public sealed record IssuesDto(IReadOnlyList<IssueDto> Errors, IReadOnlyList<IssueDto> Warnings)
{
    public static IssuesDto From(IEnumerable<RowIssue> issues) => new(
        [.. issues.Where(i => i.Severity == IssueSeverity.Error).Select(IssueDto.From)],
        [.. issues.Where(i => i.Severity == IssueSeverity.Warning).Select(IssueDto.From)]);
}

/// <summary>A user a held import would deactivate, and why, in the words of the user's history.</summary>
public sealed record DeactivationDto(
    string Email,
    string? UserId,
    string? ExternalId,
    string FirstName,
    string LastName,
    [property: Description("absent from file, out of scope, status column, end date passed or start date to come")] string Reason)
{
    public static DeactivationDto From(PlannedDeactivation d) => new(d.Email, d.UserId, d.ExternalId, d.FirstName, d.LastName, d.Reason);
}

/// <summary>The feed settings; <see cref="StaleAfter"/> is null when the feed never counts as stale.</summary>
public sealed partial record SettingsDto(HoldDto Hold, TimeSpan? StaleAfter, int DeactivateAfterMissingFiles, string TimeZone)
{
    public static SettingsDto From(Tenant t) => new(new HoldDto(t.Hold.Percent, t.Hold.Minimum), t.StaleAfter, t.DeactivateAfterMissingFiles, t.TimeZone)
    {
        PauseAfterFailedFiles = t.PauseAfterFailedFiles,
        HistoryRetentionDays = t.HistoryRetentionDays,
        Source = UsersSourceNames.Of(t.UsersSource),
        ScimHoldWindow = t.ScimHoldWindow,
    };

    /// <summary>How many days a user's history entries are kept; 0: no history is recorded.</summary>
    public int HistoryRetentionDays { get; init; }
}

public sealed partial record SettingsBody(
    HoldDto Hold,
    [property: Description("a duration such as \"2.00:00:00\" (days.hours:minutes:seconds), or null")] string? StaleAfter,
    [property: Description("how many consecutive files an active feed user may be absent from before the feed deactivates them (1–30; absent: 1, the first)")] int? DeactivateAfterMissingFiles = null,
    [property: Description("the IANA time zone (e.g. \"Europe/London\") in which users' start and end dates are days; absent: UTC")] string? TimeZone = null)
{
    [Description("how many days each entry of a user's history is kept (0–3650, 0: no history is recorded; absent: 400)")]
    public int? HistoryRetentionDays { get; init; }
}

/// <summary>The feed at a glance (GET …/feed/health).</summary>
public sealed partial record HealthDto(
    string TenantId,
    bool FeedEnabled,
    LastFileDto? LastFile,
    LastImportDto? LastImport,
    IReadOnlyList<string> HeldImportIds,
    bool Stale,
    TimeSpan? StaleAfter,
    DateTimeOffset? StaleReportedAt,
    IReadOnlyList<KeyAgeDto> Keys);

/// <summary>The newest file the feed took; <see cref="ArrivedAt"/> is when a poll claimed it (within a poll interval of its upload).</summary>
public sealed record LastFileDto(string Key, DateTimeOffset ArrivedAt);

public sealed record LastImportDto(string ImportId, string Status, DateTimeOffset? FinishedAt, ImportCounts Counts);

public sealed record KeyAgeDto(string AccessKeyId, DateTimeOffset CreatedAt, TimeSpan Age);

public sealed record DryRunDto(ImportCounts Counts, bool Held, string? HoldReason, IReadOnlyList<IssueDto> Errors, IReadOnlyList<IssueDto> Warnings);

public sealed record UserBody(
    [property: BodyLimits(MaxLength = ValueLimits.Name)] string? FirstName,
    [property: BodyLimits(MaxLength = ValueLimits.Name)] string? LastName,
    string? Status,
    IReadOnlyList<string>? Roles);

/// <summary>
/// One change to a user: when, by what (<c>import</c> with its import id and file key, <c>platform</c> for an edit through
/// the API, <c>dates</c> for a start or end date falling due between files), the change, the email the user had then,
/// and each value that moved with why, where a feed rule decided it.
/// </summary>
public sealed record HistoryEntryDto(
    DateTimeOffset At,
    [property: Description("import, platform, dates or scim")] string By,
    string? ImportId,
    string? FileKey,
    [property: Description("created, updated, deactivated or reactivated")] string Change,
    string Email,
    IReadOnlyList<FieldChange> Changes)
{
    public static HistoryEntryDto From(HistoryEntry e) => new(
        e.At, e.Source.By, e.Source.By == HistorySource.Import ? e.Source.Id : null, e.Source.FileKey, e.Change, e.Email, e.Fields)
    {
        TokenId = e.Source.By == HistorySource.Scim && e.Source.Id.LastIndexOf('.') is > 0 and var dot ? e.Source.Id[..dot] : null,
    };

    /// <summary>The SCIM token a change by <c>scim</c> came with (<see cref="HistorySource.OfScim"/>): its id, never the token.</summary>
    [Description("the id of the SCIM token a change by scim came with")]
    public string? TokenId { get; init; }
}

public sealed record UserDto(
    string Email,
    string FirstName,
    string LastName,
    string Status,
    [property: Description("why the user is inactive: statusColumn, absence, outOfScope, endDatePassed, startDateToCome or platform; null while active")] string? InactiveBecause,
    bool BlockedByPlatform,
    int MissedFiles,
    string? StartDate,
    string? EndDate,
    bool AwaitingStart,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Managers,
    string? ExternalId,
    IReadOnlyDictionary<string, string> CustomFields,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: Description("the ids of the user's groups, from the feed or the platform")] IReadOnlyList<string> Groups)
{
    public static UserDto From(UserRecord u) => new(
        u.Email,
        u.FirstName,
        u.LastName,
        u.Active ? "active" : "inactive",
        InactiveReasonNames.Of(u.InactiveBecause),
        u.BlockedByPlatform,
        u.MissedFiles,
        u.StartDate?.Text,
        u.EndDate?.Text,
        u.AwaitingStart,
        RoleNames.ToNames(u.EffectiveRoles),
        u.Managers,
        u.ExternalId,
        u.CustomFields,
        u.CreatedBy == Core.Users.CreatedBy.Feed ? "feed" : "platform",
        u.CreatedAt,
        u.UpdatedAt,
        u.Groups);
}

/// <summary>
/// A tenant's group: its id, its name as a file first wrote it, when, and its members counted up to
/// <see cref="GroupStore.CountedMembers"/> (<see cref="MoreMembers"/>: there are more). <see cref="Empty"/>: no member
/// left; the group stays (learning may be assigned to it).
/// </summary>
public sealed record GroupDto(string Id, string Name, DateTimeOffset CreatedAt, int MemberCount, bool MoreMembers, bool Empty);

/// <summary>A group as the list gives it: its members are counted by <c>GET …/groups/{groupId}</c>.</summary>
public sealed record GroupListItemDto(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A member of a group: the email (lower-cased) and where the membership comes from: "feed", "platform" or both.</summary>
public sealed record GroupMemberDto(string Email, IReadOnlyList<string> Sources)
{
    public static GroupMemberDto From(GroupMember m) => new(m.Email, [.. m.Feed ? ["feed"] : Array.Empty<string>(), .. m.Platform ? ["platform"] : Array.Empty<string>()]);
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
