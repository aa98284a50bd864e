namespace UserDataFeed.Core.Planning;

/// <summary>
/// What the planner keeps of a row between its readings of the file: the email key, the managers it lists and a hash
/// of its own values (the external id, when mapped, beside it: <see cref="PreparedFile.ExternalIdOf"/>). Everything else
/// is read again from the file when a change is written. 32 bytes: a million rows hold a million.
/// </summary>
internal struct RowEntry
{
    public int Row;

    public bool Failed;

    public bool Active;

    /// <summary>Some row of the file lists this row's user as a manager: the derived Manager role.</summary>
    public bool Derived;

    /// <summary>Groups are mapped and the row lists at least one (the summary's <see cref="Users.UserSummary.HasFeedGroups"/>).</summary>
    public bool HasGroups;

    /// <summary>A hash of the row's own values in the mapping's layout (not its manager links, which depend on the whole file).</summary>
    public ulong ValuesHash;

    public string? EmailKey;

    /// <summary>Where the row's valid managers' email keys start in <see cref="PreparedFile.ManagerKeys"/>.</summary>
    public int ManagersStart;

    public int ManagersCount;
}

/// <summary>A row's start and end (<see cref="Mapping.FeedDates"/>) as UTC ticks, 0 for none: kept only when a date is mapped.</summary>
internal readonly struct RowDates(DateTimeOffset? startsAt, DateTimeOffset? endsAt)
{
    private readonly long startsAt = startsAt?.UtcTicks ?? 0;
    private readonly long endsAt = endsAt?.UtcTicks ?? 0;

    public DateTimeOffset? StartsAt => startsAt == 0 ? null : new DateTimeOffset(startsAt, TimeSpan.Zero);

    public DateTimeOffset? EndsAt => endsAt == 0 ? null : new DateTimeOffset(endsAt, TimeSpan.Zero);
}
