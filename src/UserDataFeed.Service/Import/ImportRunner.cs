using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Import;

/// <summary>
/// Runs one claimed file: streams it from the bucket through the reader into the planner, writes the plan
/// in batches, then records the outcome, files the object under processed/ or failed/ and writes the report.
/// A file is planned completely before anything is written, so a bad file is never half-applied.
/// </summary>
public sealed class ImportRunner(
    UserStore users,
    ImportStore imports,
    FeedBuckets buckets,
    IOptions<FeedOptions> options,
    TimeProvider time,
    FeedTelemetry telemetry,
    ILogger<ImportRunner> logger)
{
    private readonly FeedOptions feed = options.Value;

    public async Task<ImportRecord> RunAsync(Tenant tenant, SavedMapping mapping, FeedObject file, string importId, CancellationToken cancellationToken)
    {
        using var activity = FeedTelemetry.Source.StartActivity("import");
        activity?.SetTag("tenant", tenant.TenantId);
        activity?.SetTag("import", importId);
        var started = time.GetTimestamp();
        var record = new ImportRecord(importId, tenant.TenantId, file.Key, file.ETag, ImportStatus.Running, null, time.GetUtcNow(), null, ImportRecord.NoCounts);
        await imports.SaveAsync(record, cancellationToken);
        Log.ImportStarted(logger, tenant.TenantId, importId, file.Key);

        try
        {
            record = await PlanAndApplyAsync(tenant, mapping, file, record, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ImportFaulted(logger, ex, tenant.TenantId, importId, file.Key);
            record = record with { Status = ImportStatus.Failed, Reason = "The import stopped on a storage fault; see the service logs.", FinishedAt = time.GetUtcNow() };
            await imports.SaveAsync(record, CancellationToken.None);
        }

        var elapsed = time.GetElapsedTime(started);
        telemetry.Record(tenant.TenantId, record.Status, record.Counts, elapsed);
        var c = record.Counts;
        Log.ImportEnded(logger, tenant.TenantId, importId, file.Key, record.Status,
            c.Rows, c.Created, c.Updated, c.Unchanged, c.Deactivated, c.Reactivated, c.Errors, c.Warnings, (long)elapsed.TotalMilliseconds);
        return record;
    }

    private async Task<ImportRecord> PlanAndApplyAsync(Tenant tenant, SavedMapping mapping, FeedObject file, ImportRecord record, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(tenant, mapping, file, cancellationToken);
        if (plan.Rejection is { } reason)
        {
            Log.ImportRejected(logger, tenant.TenantId, record.ImportId, file.Key, reason);
            record = record with { Status = ImportStatus.Failed, Reason = reason, FinishedAt = time.GetUtcNow() };
            var moveTo = plan.Vanished ? null : BucketLayout.FailedKey(record.ImportId, file.Key);
            await FinishAsync(tenant, record, file, [], moveTo, cancellationToken);
            return record;
        }

        var importPlan = plan.Plan!;
        if (importPlan.Held)
        {
            Log.ImportHeld(logger, tenant.TenantId, record.ImportId, file.Key, importPlan.HoldReason!);
            record = record with { Status = ImportStatus.Held, Reason = importPlan.HoldReason, Counts = importPlan.Counts, FinishedAt = time.GetUtcNow() };
            await FinishAsync(tenant, record, file, importPlan.Issues, moveTo: null, cancellationToken);
            return record;
        }

        await users.ApplyAsync(tenant.TenantId, importPlan.Changes, feed.BatchSize, feed.MaxParallelBatches, cancellationToken);
        var status = importPlan.Counts.Errors > 0 ? ImportStatus.CompletedWithErrors : ImportStatus.Completed;
        record = record with { Status = status, Counts = importPlan.Counts, FinishedAt = time.GetUtcNow() };
        await FinishAsync(tenant, record, file, importPlan.Issues, BucketLayout.ProcessedKey(record.ImportId, file.Key), cancellationToken);
        return record;
    }

    private async Task<(ImportPlan? Plan, string? Rejection, bool Vanished)> PlanAsync(Tenant tenant, SavedMapping mapping, FeedObject file, CancellationToken cancellationToken)
    {
        if (file.Size > feed.MaxFileBytes)
        {
            return (null, $"The file is {file.Size:N0} bytes, over the limit of {feed.MaxFileBytes:N0} bytes.", false);
        }

        await using var stream = await buckets.OpenAsync(tenant.Bucket, file, cancellationToken);
        if (stream is null)
        {
            Log.FileChanged(logger, tenant.TenantId, file.Key);
            return (null, "The file changed or was removed before it could be read; a new version is imported on the next poll.", true);
        }

        var layout = new FieldLayout(new FeedMapping(mapping.Fields));
        try
        {
            using var reader = await FeedFileReader.OpenAsync(stream, layout, cancellationToken);
            var current = await users.LoadAllAsync(tenant.TenantId, cancellationToken);
            return (ImportPlanner.Plan(reader.ReadRows(), layout, current, tenant.Hold, time.GetUtcNow()), null, false);
        }
        catch (InvalidFeedFileException ex)
        {
            return (null, ex.Reason, false);
        }
    }

    private async Task FinishAsync(Tenant tenant, ImportRecord record, FeedObject file, IReadOnlyList<RowIssue> issues, string? moveTo, CancellationToken cancellationToken)
    {
        if (issues.Count > 0)
        {
            await imports.AddIssuesAsync(tenant.TenantId, record.ImportId, issues, cancellationToken);
        }

        await imports.SaveAsync(record, cancellationToken);
        if (moveTo is not null)
        {
            await buckets.MoveAsync(tenant.Bucket, file.Key, moveTo, cancellationToken);
        }

        await buckets.PutTextAsync(tenant.Bucket, BucketLayout.ResultKey(record.ImportId), ImportReports.Summary(record), "application/json", cancellationToken);
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
        {
            await buckets.PutTextAsync(tenant.Bucket, BucketLayout.ErrorsKey(record.ImportId), ImportReports.IssuesCsv(issues), "text/csv; charset=utf-8", cancellationToken);
        }
    }
}
