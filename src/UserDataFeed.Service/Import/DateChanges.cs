using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// The users' start and end dates that fall due between files (<see cref="ImportPlanner.WhenADateFallsDue"/>). The
/// tenant keeps when the next one falls due; a check that finds it past applies every due date, with no file needed,
/// and records the next. A check that applied files records the next again (the files may have moved dates).
/// </summary>
public sealed class DateChanges(UserStore users, TenantMarks marks, DigestStore digests, TimeProvider time, ILogger<DateChanges> logger)
{
    /// <summary>Whether a date falls due by now: a check should run even without a new file.</summary>
    public async Task<bool> IsDueAsync(Tenant tenant, CancellationToken cancellationToken) =>
        await marks.GetNextDateChangeAsync(tenant.TenantId, cancellationToken) <= time.GetUtcNow();

    /// <summary>Applies the dates due by now and records when the next falls due. Returns the users it changed.</summary>
    public async Task<int> RunAsync(Tenant tenant, FeedMapping mapping, bool filesApplied, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = await marks.GetNextDateChangeAsync(tenant.TenantId, cancellationToken);
        var due = next <= now;
        var datesMapped = mapping.Maps(PlatformFields.StartDate) || mapping.Maps(PlatformFields.EndDate);
        if (!due && !(filesApplied && (datesMapped || next is not null)))
        {
            return 0;
        }

        var changes = due
            ? [.. (await users.ListDueForDatesAsync(tenant.TenantId, now, cancellationToken)).Select(u => ImportPlanner.WhenADateFallsDue(u, now)).OfType<UserChange>()]
            : new List<UserChange>();
        if (changes.Count > 0)
        {
            // As a platform edit does: the digest no plan then trusts is read again in full by the next file.
            await digests.BumpVersionAsync(tenant.TenantId, cancellationToken);
            await users.ApplyAsync(tenant.TenantId, changes, UserStore.MaxBatch, parallelism: 4, stop: null, progress: null,
                tenant.KeepsHistory ? HistorySource.OfDates(now) : null, cancellationToken);
            await digests.BumpVersionAsync(tenant.TenantId, cancellationToken);
            Log.DatesFellDue(logger, tenant.TenantId, changes.Count(c => c.Kind == ChangeKind.Reactivate), changes.Count(c => c.Kind == ChangeKind.Deactivate));
        }

        next = await users.NextDateChangeAsync(tenant.TenantId, now, cancellationToken);
        await marks.SetNextDateChangeAsync(tenant.TenantId, next, cancellationToken);
        Log.NextDateChange(logger, tenant.TenantId, next);
        return changes.Count;
    }
}
