using System.Diagnostics;
using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// The one way a run goes on: the plan to write and how many of its changes are written already. A paused run's plan is
/// made again against the users its record was planned against, and the changes it wrote are skipped (they are a prefix
/// of the plan); when that cannot be (the basis is gone, or somebody wrote the users since the pause), the plan is made
/// against the users as written, skipping none: every write is a user's full state or a merge of the file's values, so
/// writing again what was written ends the same. A run that did not pause has nothing to skip and is planned that way.
/// The plan this process kept when the run paused (<see cref="PausedPlans"/>) stands in for the plan made again, without
/// a download or a plan, while nobody wrote the users since.
/// </summary>
public sealed class Continuation(
    PausedPlans kept, ImportPlanning planning, DigestStore digests, FeedBuckets buckets, ILogger<Continuation> logger)
{
    /// <param name="paused">The run paused at its work budget (its record's <see cref="ImportRecord.Paused"/> before it started again).</param>
    /// <returns>The plan to write; null when the file changed or went away before it could be read.</returns>
    public async Task<PlanToWrite?> PlanAsync(
        Tenant tenant, SavedMapping mapping, ImportRecord record, bool paused, bool approved, CancellationToken cancellationToken)
    {
        var keptPlan = paused ? kept.Take(record.ImportId, record.AppliedChanges, record.DigestVersion) : null;
        bool untouched; // nobody wrote the users since the pause
        try
        {
            untouched = paused && (keptPlan is not null || record.PlanBasis is not null)
                && await digests.CurrentVersionAsync(tenant.TenantId, cancellationToken) == record.DigestVersion;
        }
        catch when (keptPlan is not null)
        {
            await keptPlan.File.DisposeAsync();
            throw;
        }

        if (keptPlan is not null && untouched)
        {
            Tell(tenant, record, "kept");
            return new(new PlanOutcome.Planned(keptPlan.Plan), keptPlan.File, record.PlanBasis, ImportLife.WrittenOf(record, keptPlan.Plan.Changes.Count));
        }

        if (keptPlan is not null)
        {
            await keptPlan.File.DisposeAsync();
        }

        if (await DownloadAsync(tenant, record, cancellationToken) is not { } file)
        {
            return null;
        }

        try
        {
            if (untouched && await planning.ReplanAsync(tenant, mapping, file, record, cancellationToken) is { } again)
            {
                Tell(tenant, record, "remade");
                return new(new PlanOutcome.Planned(again), file, record.PlanBasis, ImportLife.WrittenOf(record, again.Changes.Count));
            }

            if (paused)
            {
                Tell(tenant, record, "new");
            }

            using (FeedTelemetry.StartStep("plan"))
            {
                var (outcome, basis) = await planning.PlanAsync(tenant, mapping, file, approved, record.ImportId, cancellationToken);
                return new(outcome, file, basis, Written: 0);
            }
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Keeps a run's plan and file, as it paused, for a continuation this process takes (the file is closed when this
    /// process keeps none).
    /// </summary>
    public void Keep(ImportRecord paused, ImportPlan plan, Stream file) =>
        kept.Keep(paused.ImportId, plan, file, paused.AppliedChanges, paused.DigestVersion);

    /// <summary>Says, on the import's span and in the log, which plan a continuation goes on with (the runner never asks).</summary>
    private void Tell(Tenant tenant, ImportRecord record, string how)
    {
        Log.ImportContinued(logger, tenant.TenantId, record.ImportId, record.FileKey, record.AppliedChanges, how switch
        {
            "kept" => "the plan this process kept",
            "remade" => "its plan made again",
            _ => "a plan against the users as written",
        });
        Activity.Current?.SetTag("continuation.plan", how);
    }

    /// <summary>
    /// The claimed version of the file, copied to a local temporary file (deleted when closed) that the planner
    /// can read more than once; null when the object changed or went away.
    /// </summary>
    private async Task<Stream?> DownloadAsync(Tenant tenant, ImportRecord record, CancellationToken cancellationToken)
    {
        await using var source = await buckets.OpenAsync(tenant.Bucket, record.FileKey, record.ETag, cancellationToken);
        if (source is null)
        {
            Log.FileChanged(logger, tenant.TenantId, record.FileKey);
            return null;
        }

        return await TemporaryFile.CopyOfAsync(source, cancellationToken);
    }
}
