using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// The feed rules of SPEC §3 as pure functions: (file rows, mapping layout, current users) → outcome. Each rule
/// of <c>docs/feed-rules.md</c> is one named function: those that need only the file are in
/// <c>ImportPlanner.Rows.cs</c>, those that need the users below. No I/O of its own and no clock: the caller
/// passes the rows (<see cref="FeedRows"/>, read again for what a plan does not keep), the users
/// (<see cref="IUserIndex"/>) and the time that stamps what is created or changed. Where the per-row and per-user
/// state is kept between the steps is <see cref="PlanRun"/>'s business.
/// </summary>
public static partial class ImportPlanner
{
    /// <summary>Plans rows held in memory against every user's record.</summary>
    public static PlanOutcome Plan(IEnumerable<FeedRow> rows, FieldLayout layout, IEnumerable<UserRecord> users, HoldThreshold threshold, DateTimeOffset now) =>
        Plan(Prepare(FeedRows.InMemory(rows), layout), new FullRecords(users), threshold, now);

    /// <summary>
    /// Plans a provisioning client's request (SCIM): its one row, against the users it concerns, read in full (the user
    /// it names, the user who has its email, its manager), by the same rules as a file's row (<see cref="FeedPolicy.Request"/>
    /// says how a request differs). The stream's own hold is the caller's: a request is never held here.
    /// </summary>
    public static PlanOutcome PlanRequest(FeedRow row, FieldLayout layout, IEnumerable<UserRecord> users, string? namedUserEmailKey, DateTimeOffset now) =>
        Plan(Prepare(FeedRows.InMemory([row]), layout), new FullRecords(users), new FeedPolicy(HoldThreshold.Never) { Request = new ClientRequest(namedUserEmailKey) }, now);

    /// <summary>
    /// Plans a prepared file against the users: match each row to its user, decide what each row does to its user,
    /// then what the file does to the users it does not list, and whether the safety hold applies.
    /// </summary>
    public static PlanOutcome Plan(PreparedFile file, IUserIndex users, HoldThreshold threshold, DateTimeOffset now) =>
        Plan(file, users, new FeedPolicy(threshold), now);

    /// <inheritdoc cref="Plan(PreparedFile, IUserIndex, HoldThreshold, DateTimeOffset)"/>
    public static PlanOutcome Plan(PreparedFile file, IUserIndex users, FeedPolicy policy, DateTimeOffset now)
    {
        if (file.Rejection is { } reason)
        {
            return new PlanOutcome.Rejected(reason);
        }

        var run = new PlanRun(file, users, policy, now);
        run.MatchEachRow();           // MatchingUser, EmailBelongsToAnotherUser, EmailChangeIsBlockedByAClaim
        run.DecideEachListedUser();   // DecideListed: StatusOnceTheRowApplies, RowMatchingNoUserCreatesAFeedUser, UnchangedUserIsNotRewritten, StatusDecidesTheKind
        run.DecideEachUnlistedUser(); // DecideUnlisted: AbsentFeedUserBecomesInactive, AbsenceDeactivatesOnTheLastMissedFile, DerivedManagerRole
        if (run.MissingRecords.Count > 0)
        {
            return new PlanOutcome.NeedsRecords(run.MissingRecords);
        }

        return new PlanOutcome.Planned(run.ToPlan(policy.Hold)); // SafetyHold
    }

    /// <summary>
    /// Rule: with externalId mapped, a row matches the user with its external id, else the user with its email who
    /// has no external id (a row without its external id names nobody); otherwise it matches by email.
    /// </summary>
    internal static int MatchingUser(bool byExternalId, string? rowExternalId, int withExternalId, int withEmail, string? emailUsersExternalId)
    {
        if (!byExternalId)
        {
            return withEmail;
        }

        if (rowExternalId is null)
        {
            return -1;
        }

        return withExternalId >= 0 ? withExternalId : withEmail >= 0 && emailUsersExternalId is null ? withEmail : -1;
    }

    /// <summary>
    /// Rule: a client's request (SCIM) matches the user it names by the id the service gave them, whatever its email or
    /// external id say, so a request can change both; a request that names nobody creates a user.
    /// </summary>
    internal static int RequestMatchesTheUserItNames(int named) => named;

    /// <summary>
    /// Rule: a row matched by a key other than its email (its externalId, or a request's id) whose email belongs to another
    /// user is a row error (<c>email-taken</c>); so is a request creating a user with another user's email.
    /// </summary>
    internal static bool EmailBelongsToAnotherUser(bool matchedByKey, int matched, int withEmail) =>
        matchedByKey && withEmail >= 0 && withEmail != matched;

    /// <summary>
    /// Rule: a row that moves its user off an email another row of the file was refused as taken is an error too
    /// (<c>email-change-blocked</c>): applied, it would free the email, and the same file applied again would give it
    /// to the other row. Neither applies, so the file has the same outcome each time (found by fuzzing).
    /// </summary>
    internal static bool EmailChangeIsBlockedByAClaim(bool usersEmailWasClaimed, string usersEmailKey, string? rowEmailKey) =>
        usersEmailWasClaimed && usersEmailKey != rowEmailKey;

    /// <summary>Rule: a row matching no user creates one, marked created by the feed.</summary>
    internal static bool RowMatchingNoUserCreatesAFeedUser(int matched) => matched < 0;

    /// <summary>Rule: a user the row leaves as they were is not rewritten: compared value by value with their record (or, unread, <see cref="SameInputsAsTheRowThatMadeTheUser"/>).</summary>
    internal static bool UnchangedUserIsNotRewritten(UserRecord next, UserRecord existing) => next.SameContentAs(existing);

    /// <summary>
    /// The same rule for a user known by summary: a row whose inputs hash as those of the row that last made the user
    /// (their status and dates' verdict included) leaves them as they were, unless it resets the files they missed.
    /// </summary>
    internal static bool SameInputsAsTheRowThatMadeTheUser(in UserSummary user, ulong rowInputHash) =>
        user.InputHash == rowInputHash && user.MissedFiles == 0;

    /// <summary>
    /// What a row that applies does to its user: creates them (<see cref="RowMatchingNoUserCreatesAFeedUser"/>), leaves
    /// them (<see cref="UnchangedUserIsNotRewritten"/>), or changes them, the kind told by <see cref="StatusDecidesTheKind"/>;
    /// with the user's status once it applies (<see cref="StatusOnceTheRowApplies"/>), which every projection of the
    /// verdict (record, patch, summary, history) takes as it is.
    /// </summary>
    internal static ListedVerdict DecideListed(int matched, bool wasActive, bool unchanged, ListedStatus status) =>
        RowMatchingNoUserCreatesAFeedUser(matched) ? new(ChangeKind.Create, status)
        : unchanged ? new(null, status)
        : new(StatusDecidesTheKind(wasActive, status.Because == InactiveReason.None), status);

    /// <summary>Rule: the status column deactivates or reactivates a listed user as surely as absence does, and the hold judges both.</summary>
    internal static ChangeKind StatusDecidesTheKind(bool wasActive, bool isActive) => (wasActive, isActive) switch
    {
        (false, true) => ChangeKind.Reactivate,
        (true, false) => ChangeKind.Deactivate,
        _ => ChangeKind.Update,
    };

    /// <summary>
    /// Rule: a user an admin deactivated on the platform (<c>PUT …/users/{email}</c> with status inactive) stays inactive
    /// whatever their row says, until the platform makes them active again; the row's other values still apply and the
    /// user counts as present. When the row alone would leave them active, the row gets a <c>blocked-by-platform</c> warning.
    /// </summary>
    internal static InactiveReason PlatformBlockKeepsTheUserInactive(bool blockedByPlatform, InactiveReason asTheRowSays) =>
        blockedByPlatform ? InactiveReason.Platform : asTheRowSays;

    /// <summary>
    /// A listed user's status once their row applies, with why they are inactive: as the row's status column and dates
    /// say (<see cref="DatesDecideWhenTheUserIsActive"/>), unless <see cref="PlatformBlockKeepsTheUserInactive"/>; and
    /// whether they wait for their start date (<see cref="WaitsForTheStartDate"/>). The one place a listed user's status
    /// is decided, on the dates the mapping feeds: their record, their patch, their summary and their history take it from here.
    /// </summary>
    internal static ListedStatus StatusOnceTheRowApplies(bool blockedByPlatform, bool rowActive, DateTimeOffset? startsAt, DateTimeOffset? endsAt, DateTimeOffset now)
    {
        var because = PlatformBlockKeepsTheUserInactive(blockedByPlatform, DatesDecideWhenTheUserIsActive(rowActive, startsAt, endsAt, now));
        return new(because, WaitsForTheStartDate(because, startsAt, endsAt));
    }

    /// <summary>
    /// Rule: a listed user's new state is what their row decides: the row's values (a blank cell in a mapped optional
    /// column clears it: <see cref="BlankCellClearsTheField"/>), active as the status says (unless
    /// <see cref="PlatformBlockKeepsTheUserInactive"/>), no longer deactivated for absence, the manager links that hold
    /// and the derived Manager role. What the row does not decide is kept: <see cref="PlatformRolesAreKept"/>, <see cref="PlatformGroupsAreKept"/>, the
    /// id, the creation and any unmapped value. Its status is the one decided for the row (<see cref="StatusOnceTheRowApplies"/>).
    /// </summary>
    internal static UserRecord NewState(in ParsedRow row, UserRecord? existing, ListedStatus status, List<string>? links, bool derived, FieldLayout layout, DateTimeOffset now, string? newUserId) => new()
    {
        MissedFiles = 0,
        MissedInImport = null,
        UserId = existing?.UserId ?? newUserId!,
        Email = row.Email!,
        FirstName = row.FirstName,
        LastName = row.LastName,
        InactiveBecause = status.Because,
        ExternalId = layout.ExternalId >= 0 ? row.ExternalId : existing?.ExternalId,
        CustomFields = BlankCellClearsTheField(in row, existing?.CustomFields ?? UserRecord.EmptyFields, layout),
        StartDate = layout.StartDate >= 0 ? DateOf(row.Values[layout.StartDate], row.StartsAt) : existing?.StartDate,
        EndDate = layout.EndDate >= 0 ? DateOf(row.Values[layout.EndDate], row.EndsAt) : existing?.EndDate,
        AwaitingStart = status.AwaitingStart,
        PlatformRoles = PlatformRolesAreKept(existing),
        FeedRoles = layout.Roles >= 0 ? row.FeedRoles : existing?.FeedRoles ?? Roles.None,
        DerivedManager = derived,
        Managers = links is null ? existing?.Managers ?? [] : [.. links],
        FeedGroups = FeedGroupsFollowTheFile(in row, existing),
        PlatformGroups = PlatformGroupsAreKept(existing),
        CreatedBy = existing?.CreatedBy ?? CreatedBy.Feed,
        CreatedAt = existing?.CreatedAt ?? now,
        UpdatedAt = existing?.UpdatedAt ?? now,
    };

    /// <summary>
    /// Rule: a user's dates bound the time they are active: not before their start date begins (a future joiner is
    /// created inactive and activated on the day), not once their end date has ended (a leaver is deactivated, and the
    /// hold judges it like any deactivation). Moving or clearing the end date makes a leaver active again (a rehire).
    /// Between the dates the status decides, and a status column that says inactive is the reason before any date.
    /// The poller applies a date that falls due between files (<see cref="WhenADateFallsDue"/>).
    /// </summary>
    internal static InactiveReason DatesDecideWhenTheUserIsActive(bool rowActive, DateTimeOffset? startsAt, DateTimeOffset? endsAt, DateTimeOffset now) =>
        !rowActive ? InactiveReason.StatusColumn
        : endsAt <= now ? InactiveReason.EndDatePassed
        : startsAt > now ? InactiveReason.StartDateToCome
        : InactiveReason.None;

    /// <summary>
    /// Rule: a user whom only a future start date keeps inactive waits for it: the poller activates them when it begins,
    /// unless their end date ends by then.
    /// </summary>
    internal static bool WaitsForTheStartDate(InactiveReason because, DateTimeOffset? startsAt, DateTimeOffset? endsAt) =>
        because == InactiveReason.StartDateToCome && !(endsAt <= startsAt);

    /// <summary>
    /// The same two rules when a date falls due between files: a user waiting for their start is activated once it has
    /// begun (<see cref="WaitsForTheStartDate"/>; they stay inactive when their end date has ended too), and an active user
    /// whose end date has ended is deactivated. The change to write, or null when no date of the user is due.
    /// </summary>
    public static UserChange? WhenADateFallsDue(UserRecord user, DateTimeOffset now)
    {
        if (user.AwaitingStart && user.StartDate?.At <= now)
        {
            var status = DatesDecideWhenTheUserIsActive(true, user.StartDate.At, user.EndDate?.At, now);
            return new UserChange.Replace(status == InactiveReason.None ? ChangeKind.Reactivate : ChangeKind.Update, user with { AwaitingStart = false, InactiveBecause = status, UpdatedAt = now })
            {
                Former = user,
                Cause = ChangeCause.DateFallsDue,
            };
        }

        return user.Active && user.EndDate?.At <= now
            ? new UserChange.Replace(ChangeKind.Deactivate, user with { InactiveBecause = InactiveReason.EndDatePassed, UpdatedAt = now }) { Former = user, Cause = ChangeCause.DateFallsDue }
            : null;
    }

    private static UserDate? DateOf(string text, DateTimeOffset? at) => at is { } instant ? new UserDate(text, instant) : null;

    /// <summary>Rule: roles granted through the platform are never removed by the feed (feed roles follow the latest file).</summary>
    internal static Roles PlatformRolesAreKept(UserRecord? existing) => existing?.PlatformRoles ?? Roles.None;

    /// <summary>
    /// Rule: with groups mapped, the user's feed groups are the row's (an earlier file's that this one no longer lists
    /// are left); unmapped, they are kept.
    /// </summary>
    internal static IReadOnlyList<string> FeedGroupsFollowTheFile(in ParsedRow row, UserRecord? existing) =>
        row.Groups is { } groups ? [.. groups.Select(g => g.Id)] : existing?.FeedGroups ?? [];

    /// <summary>Rule: groups the platform put the user in are never removed by the feed, as platform-granted roles are not.</summary>
    internal static IReadOnlyList<string> PlatformGroupsAreKept(UserRecord? existing) => existing?.PlatformGroups ?? [];

    /// <summary>Rule: each mapped custom field takes the row's value; a blank cell clears the value.</summary>
    internal static IReadOnlyDictionary<string, string> BlankCellClearsTheField(in ParsedRow row, IReadOnlyDictionary<string, string> fields, FieldLayout layout)
    {
        if (layout.CustomFields.Count == 0)
        {
            return fields;
        }

        var updated = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        foreach (var (key, index) in layout.CustomFields)
        {
            var value = row.Values[index];
            if (value.Length == 0)
            {
                updated.Remove(key);
            }
            else
            {
                updated[key] = value;
            }
        }

        return updated;
    }

    /// <summary>
    /// Rule: a manager link holds only when the manager is a user once the file is applied: created or kept by a row
    /// that applies, or there before and not renamed away. Otherwise it is a warning and the link is skipped.
    /// </summary>
    internal static bool ManagerMustBeAUser(bool madeByARowThatApplies, bool thereAndNotRenamedAway) =>
        madeByARowThatApplies || thereAndNotRenamedAway;

    /// <summary>Rule: every user some row of the file lists as a manager has the derived Manager role; every other user loses it, on every file.</summary>
    internal static bool DerivedManagerRole(HashSet<string> listedManagers, string emailKey) => listedManagers.Contains(emailKey);

    /// <summary>
    /// Rule: the derived Manager role under a client's requests. A user a request names as a manager gets it; a request
    /// takes it from nobody, because one user's request cannot tell that no other user names their former manager any
    /// more (that needs every user: the next file does it, by <see cref="DerivedManagerRole"/>).
    /// </summary>
    internal static bool RequestsOnlyGiveTheDerivedManagerRole(bool hadIt, bool namedByTheRequest) => hadIt || namedByTheRequest;

    /// <summary>
    /// Rule: absence is a file's: a file lists every user the feed keeps, a client's request only the user it names, so
    /// the users a request does not name are not absent from it.
    /// </summary>
    internal static bool AbsenceIsAFilesRule(ClientRequest? request) => request is null;

    /// <summary>
    /// Rule: an active user created by the feed whom the file does not list (not even in a row in error) misses the file,
    /// and becomes inactive, deactivated for absence, once <see cref="AbsenceDeactivatesOnTheLastMissedFile"/>. A
    /// platform-created user is never deactivated by absence.
    /// </summary>
    internal static bool AbsentFeedUserBecomesInactive(in UserSummary unlisted) => unlisted.FeedCreated && unlisted.Active;

    /// <summary>
    /// Rule: the grace period. An absent feed user is deactivated on the Nth consecutive file without them (N is the
    /// tenant's <c>deactivateAfterMissingFiles</c>, 1 by default); before that they stay active, pending deactivation,
    /// with the files they missed counted. A row that applies to them resets the count; a row in error names them (they
    /// are not absent) and leaves them, count included, as they were.
    /// </summary>
    internal static bool AbsenceDeactivatesOnTheLastMissedFile(int missedBefore, int deactivateAfterMissingFiles) =>
        missedBefore + 1 >= deactivateAfterMissingFiles;

    /// <summary>
    /// Rule: an import counts a user's miss once. The files a user missed before this import: their count, less the
    /// one this import already wrote when their record says it counted the last (the import planned again against the
    /// records it wrote, as a continued or resumed run is). A summary carries no import, and is never read once the
    /// import has written: its digest is stale until the import ends.
    /// </summary>
    internal static int MissedFilesBeforeThisImport(int missedFiles, string? missedInImport, string? importId) =>
        importId is not null && string.Equals(missedInImport, importId, StringComparison.Ordinal) && missedFiles > 0 ? missedFiles - 1 : missedFiles;

    /// <summary>
    /// What the file does to a user it does not list, or null when nothing: <see cref="AbsentFeedUserBecomesInactive"/>,
    /// deactivated once <see cref="AbsenceDeactivatesOnTheLastMissedFile"/> (counting from
    /// <see cref="MissedFilesBeforeThisImport"/> when the record was read, else from the summary, which no import has
    /// written since), and <see cref="DerivedManagerRole"/>. A user the file lists only in rows outside the scope is absent
    /// because of the scope.
    /// </summary>
    internal static UnlistedVerdict? DecideUnlisted(in UserSummary summary, UserRecord? record, PreparedFile file, FeedPolicy policy)
    {
        var derived = policy.Request is null
            ? DerivedManagerRole(file.ListedManagers, summary.EmailKey)
            : RequestsOnlyGiveTheDerivedManagerRole(summary.DerivedManager, file.ListedManagers.Contains(summary.EmailKey));
        var absent = AbsenceIsAFilesRule(policy.Request) && AbsentFeedUserBecomesInactive(summary);
        if (!absent && derived == summary.DerivedManager)
        {
            return null;
        }

        var missedBefore = record is null ? summary.MissedFiles : MissedFilesBeforeThisImport(record.MissedFiles, record.MissedInImport, policy.ImportId);
        var deactivates = absent && AbsenceDeactivatesOnTheLastMissedFile(missedBefore, policy.DeactivateAfterMissingFiles);
        var cause = file.OutOfScopeKeys?.Contains(summary.EmailKey) == true ? ChangeCause.OutOfScope : ChangeCause.Absence;
        return new UnlistedVerdict(absent, deactivates, absent ? missedBefore + 1 : missedBefore, derived, cause);
    }

    /// <summary>Rule: the users the feed manages, whom the hold counts: the active ones it created, and the active ones the file lists.</summary>
    internal static bool ManagedByTheFeed(in UserSummary user, bool listed) => user.Active && (user.FeedCreated || listed);

    /// <summary>
    /// Rule: the safety hold. A file is held when it has no data rows (in scope) while the feed manages active users, or
    /// when its deactivations (absence, the status column and the scope alike) pass the threshold of the active users
    /// the feed manages.
    /// </summary>
    internal static string? SafetyHold(int rows, int outOfScope, int deactivations, int activeManaged, HoldThreshold threshold)
    {
        if (threshold.Enabled && rows == 0 && activeManaged > 0)
        {
            return outOfScope > 0
                ? $"None of the file's {outOfScope} data rows is in the mapping's scope while the tenant has {activeManaged} active feed user(s); applying it would deactivate all of them."
                : $"The file has no data rows while the tenant has {activeManaged} active feed user(s); applying it would deactivate all of them.";
        }

        return threshold.IsExceeded(deactivations, activeManaged)
            ? $"The file would deactivate {deactivations} of {activeManaged} active users the feed manages, more than the safety threshold ({threshold.Percent}% and more than {threshold.Minimum} users)."
            : null;
    }
}
