using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Import;

/// <summary>
/// How a file is planned: which users <see cref="ImportPlanner"/> plans against, and how often. The file is read
/// once for the rules that need only it; then the plan is made against the tenant's digest, patching what the
/// file changes into users it does not read (a user's history is kept as what each write wrote, so it needs no read); when the plan needs records the summaries cannot stand in for
/// (users the feed never hashed, renames, a new mapping), they are read by point reads and the plan is made again;
/// when there are too many of them, or no digest is current, it is made against every record.
/// The plan's changes are made from the file read again, so the caller keeps <c>file</c> open until they are written.
/// </summary>
public sealed class ImportPlanning(UserStore users, DigestStore digests, TimeProvider time)
{
    /// <summary>
    /// Point reads of the records a plan asks for beat one full read of the partition while they are fewer
    /// than one user in this many (on Azurite a point read costs about five entities of a full read).
    /// </summary>
    private const int FullReadShare = 5;

    /// <summary>A <see cref="ImportRecord.PlanBasis"/>: the plan was made against no users at all.</summary>
    private const string EmptyBasis = "empty";

    /// <summary>A <see cref="ImportRecord.PlanBasis"/> prefix: the plan was made against the digest of this stamp alone.</summary>
    private const string DigestBasis = "digest:";

    /// <summary>
    /// Plans a file against the tenant's users as they are now: <see cref="PlanOutcome.Planned"/> or
    /// <see cref="PlanOutcome.Rejected"/>, and what the plan was made against when it can be made again exactly
    /// (<see cref="ImportRecord.PlanBasis"/>). Writes nothing. <paramref name="file"/> must be seekable.
    /// <paramref name="importId"/> is the import the plan is for (null for a dry run): it counts a user's miss once.
    /// </summary>
    public async Task<(PlanOutcome Outcome, string? Basis)> PlanAsync(
        Tenant tenant, SavedMapping mapping, Stream file, bool approved, string? importId, CancellationToken cancellationToken)
    {
        // A mapping saved before its rules were checked as they are now fails the file with why, rather than break the planner.
        if (MappingRules.ProblemOf(mapping.ToMapping()) is { } problem)
        {
            return (new PlanOutcome.Rejected(problem), null);
        }

        // The digest's rows are read from the store while the file is read here: neither waits for the other.
        var loading = digests.LoadAsync(tenant.TenantId, cancellationToken);
        PreparedFile prepared;
        try
        {
            prepared = Prepare(tenant, mapping, file);
        }
        catch
        {
            await DiscardAsync(loading);
            throw;
        }

        if (prepared.Rejection is { } reason)
        {
            await DiscardAsync(loading);
            return (new PlanOutcome.Rejected(reason), null);
        }

        var threshold = PolicyOf(tenant, approved ? HoldThreshold.Never : tenant.Hold, importId);
        var now = time.GetUtcNow();
        var digest = await loading;
        if (await ReadDigestAsync(digest is null ? null : (digest.Bytes, digest.Stamp), prepared) is ({ } summaries, { } stamp))
        {
            var outcome = ImportPlanner.Plan(prepared, summaries, threshold, now);
            if (outcome is PlanOutcome.Planned)
            {
                return (outcome, DigestBasis + stamp);
            }

            if (outcome is PlanOutcome.NeedsRecords { EmailKeys: var missing } && missing.Count * FullReadShare < summaries.Count)
            {
                var records = (await users.GetManyAsync(tenant.TenantId, missing, cancellationToken))
                    .ToDictionary(r => EmailAddress.Normalize(r.Email), StringComparer.Ordinal);
                outcome = ImportPlanner.Plan(prepared, summaries.WithRecords(records), threshold, now);
                if (outcome is PlanOutcome.Planned)
                {
                    return (outcome, null);
                }
            }
        }

        var everyone = await users.LoadAllAsync(tenant.TenantId, cancellationToken);
        return (ImportPlanner.Plan(prepared, new FullRecords(everyone), threshold, now), everyone.Count == 0 ? EmptyBasis : null);
    }

    /// <summary>
    /// A paused run's plan made again against the same users (no users, or the digest it read), so that its first
    /// <see cref="ImportRecord.AppliedChanges"/> changes are the ones written; the caller has checked that nobody wrote
    /// the users since the pause (<see cref="Continuation"/>). Null when it cannot be: the plan was made against records,
    /// the digest is gone, or the plan does not come out the same.
    /// </summary>
    public async Task<ImportPlan?> ReplanAsync(Tenant tenant, SavedMapping mapping, Stream file, ImportRecord record, CancellationToken cancellationToken)
    {
        if (record.PlanBasis is not { } basis || MappingRules.ProblemOf(mapping.ToMapping()) is not null)
        {
            return null;
        }

        var prepared = Prepare(tenant, mapping, file);
        if (prepared.Rejection is not null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        PlanOutcome? outcome = null;
        if (basis == EmptyBasis)
        {
            outcome = ImportPlanner.Plan(prepared, FullRecords.None, PolicyOf(tenant, HoldThreshold.Never, record.ImportId), now);
        }
        else if (basis.StartsWith(DigestBasis, StringComparison.Ordinal)
            && await digests.LoadStampAsync(tenant.TenantId, basis[DigestBasis.Length..], cancellationToken) is { } bytes
            && await ReadDigestAsync((bytes, basis[DigestBasis.Length..]), prepared) is ({ } summaries, _))
        {
            outcome = ImportPlanner.Plan(prepared, summaries, PolicyOf(tenant, HoldThreshold.Never, record.ImportId), now);
        }

        return outcome is PlanOutcome.Planned { Plan: var plan } && plan.Changes.Count == record.PlannedChanges && plan.Counts == record.Counts ? plan : null;
    }

    /// <summary>
    /// A digest's compressed bytes decoded beside the file, and its stamp; null without a digest. The bytes are let go
    /// here, before any plan is made: a caller's local across its awaits would hold them (tens of MB at a million users)
    /// until it returns.
    /// </summary>
    private static async Task<(DigestUsers Users, string Stamp)?> ReadDigestAsync((Stream Bytes, string Stamp)? digest, PreparedFile file)
    {
        if (digest is not ({ } bytes, { } stamp))
        {
            return null;
        }

        await using (bytes)
        {
            return (DigestUsers.Read(bytes, file), stamp);
        }
    }

    /// <summary>Lets go of a digest read for a plan that is not made.</summary>
    private static async Task DiscardAsync(Task<LoadedDigest?> loading)
    {
        try
        {
            if (await loading is { } digest)
            {
                await digest.Bytes.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The plan is not made; what stopped the read does not matter to it.
        }
    }

    /// <summary>The tenant's rules for a plan, with the hold it is planned under.</summary>
    private static FeedPolicy PolicyOf(Tenant tenant, HoldThreshold hold, string? importId) =>
        new(hold) { DeactivateAfterMissingFiles = tenant.DeactivateAfterMissingFiles, ImportId = importId };

    /// <summary>The file read and mapped for planning (refused as a whole when it cannot be imported at all).</summary>
    private static PreparedFile Prepare(Tenant tenant, SavedMapping mapping, Stream file)
    {
        var layout = new FieldLayout(mapping.ToMapping(), FeedDates.Zone(tenant.TimeZone));
        return ImportPlanner.Prepare(FeedRows.FromFile(file, layout), layout);
    }
}
