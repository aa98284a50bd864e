using System.Globalization;
using Azure;
using Azure.Data.Tables;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Import records (partition = tenant, row key = import id, so newest first), their row issues
/// (partition = tenant|import) and a held import's would-be deactivations (tenant|import|deactivations), and file claims that keep an uploaded object (key, ETag, upload time) from being taken twice.
/// </summary>
public sealed class ImportStore(TableSet tables)
{
    /// <summary>Offending cell values are kept up to this length (a table property holds at most 32K characters).</summary>
    public const int MaxValueLength = 1000;

    public async Task SaveAsync(ImportRecord record, CancellationToken cancellationToken)
    {
        await tables.Imports.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Writes a new record; false when one with its id exists already (so a late writer never overwrites a run's record).</summary>
    public async Task<bool> AddAsync(ImportRecord record, CancellationToken cancellationToken)
    {
        return await tables.Imports.TryAddAsync(ToEntity(record), cancellationToken);
    }

    public async Task<ImportRecord?> GetAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        var found = await tables.Imports.GetEntityIfExistsAsync<TableEntity>(tenantId, TableKeys.Escape(importId), cancellationToken: cancellationToken);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    public async Task<(IReadOnlyList<ImportRecord> Items, string? ContinuationToken)> ListAsync(
        string tenantId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        return await TablePages.ReadAsync(tables.Imports, TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), continuationToken, pageSize, ToRecord, cancellationToken);
    }

    /// <summary>The tenant's newest import (the last file the feed took), or null when it has none.</summary>
    public async Task<ImportRecord?> LatestAsync(string tenantId, CancellationToken cancellationToken)
    {
        var (items, _) = await ListAsync(tenantId, null, 1, cancellationToken);
        return items.Count > 0 ? items[0] : null;
    }

    /// <summary>
    /// Claims an uploaded object for an import; false when some import already claimed it. An upload is its key,
    /// ETag and upload time: the same bytes uploaded again are a new delivery and get a claim of their own.
    /// </summary>
    public async Task<bool> TryClaimAsync(string tenantId, FeedObject upload, string importId, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(tenantId, ClaimKey(upload))
        {
            ["ImportId"] = importId,
            ["FileKey"] = upload.Key,
            ["ETag"] = upload.ETag,
            ["UploadedAt"] = upload.LastModified,
        };
        // A 409 is also the answer when our own insert landed but its response was lost and the client retried.
        return await tables.FileClaims.TryAddAsync(claim, cancellationToken) || await ClaimedByAsync(tenantId, upload, cancellationToken) == importId;
    }

    /// <summary>The import that claimed an uploaded object, or null when none has.</summary>
    public async Task<string?> ClaimedByAsync(string tenantId, FeedObject upload, CancellationToken cancellationToken)
    {
        var found = await tables.FileClaims.GetEntityIfExistsAsync<TableEntity>(tenantId, ClaimKey(upload), ["ImportId"], cancellationToken);
        return found.HasValue ? found.Value!.GetString("ImportId") : null;
    }

    /// <summary>Imports that are not finished: running (perhaps on a process that died), held, or waiting for a retry. Oldest first.</summary>
    public async Task<List<ImportRecord>> ListUnfinishedAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and (Status eq {ImportStatus.Running} or Status eq {ImportStatus.Held} or RetryPending eq {true})");
        var records = new List<ImportRecord>();
        await foreach (var entity in tables.Imports.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(ToRecord(entity));
        }

        records.Reverse();
        return records;
    }

    /// <summary>Records an import's issues in transactions of 100, <paramref name="parallelism"/> in flight.</summary>
    public async Task AddIssuesAsync(string tenantId, string importId, IReadOnlyList<RowIssue> issues, int parallelism, CancellationToken cancellationToken)
    {
        var partition = IssuePartition(tenantId, importId);
        var actions = issues.Select((issue, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, $"{i:D9}")
        {
            ["Row"] = issue.Row,
            ["Column"] = issue.Column,
            ["Value"] = issue.Value.Length > MaxValueLength ? issue.Value[..MaxValueLength] + "…" : issue.Value,
            ["Code"] = issue.Code,
            ["Message"] = issue.Message,
            ["Severity"] = issue.Severity.ToString(),
            ["User"] = issue.User.Length > MaxValueLength ? issue.User[..MaxValueLength] + "…" : issue.User,
        }));
        await Parallel.ForEachAsync(
            actions.Chunk(UserStore.MaxBatch),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (batch, ct) => await tables.ImportIssues.SubmitTransactionAsync(batch, ct));
    }

    public async Task<IReadOnlyList<RowIssue>> ListIssuesAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        var issues = new List<RowIssue>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IssuePartition(tenantId, importId)}");
        await foreach (var e in tables.ImportIssues.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            issues.Add(new RowIssue(
                e.GetInt32("Row") ?? 0,
                e.GetString("Column") ?? "",
                e.GetString("Value") ?? "",
                e.GetString("Code") ?? "",
                e.GetString("Message") ?? "",
                Enum.Parse<IssueSeverity>(e.GetString("Severity") ?? nameof(IssueSeverity.Error)))
            {
                User = e.GetString("User") ?? "",
            });
        }

        return issues;
    }

    /// <summary>
    /// Records some of the users a held import would deactivate, numbered from <paramref name="first"/> (the list keeps the
    /// order they are recorded in), in transactions of 100, <paramref name="parallelism"/> in flight.
    /// </summary>
    public async Task AddDeactivationsAsync(
        string tenantId, string importId, int first, IReadOnlyList<PlannedDeactivation> deactivations, int parallelism, CancellationToken cancellationToken)
    {
        var partition = DeactivationPartition(tenantId, importId);
        var actions = deactivations.Select((d, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, $"{first + i:D9}")
        {
            ["Email"] = d.Email,
            ["UserId"] = d.UserId,
            ["ExternalId"] = d.ExternalId,
            ["FirstName"] = d.FirstName,
            ["LastName"] = d.LastName,
            ["Reason"] = d.Reason,
        }));
        await Parallel.ForEachAsync(
            actions.Chunk(UserStore.MaxBatch),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (batch, ct) => await tables.ImportIssues.SubmitTransactionAsync(batch, ct));
    }

    /// <summary>A page of the users a held import would deactivate, in the order they were recorded.</summary>
    public async Task<(IReadOnlyList<PlannedDeactivation> Items, string? ContinuationToken)> ListDeactivationsAsync(
        string tenantId, string importId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DeactivationPartition(tenantId, importId)}");
        return await TablePages.ReadAsync(tables.ImportIssues, filter, continuationToken, pageSize, e => new PlannedDeactivation(
            e.GetString("Email") ?? "",
            e.GetString("UserId"),
            e.GetString("ExternalId"),
            e.GetString("FirstName") ?? "",
            e.GetString("LastName") ?? "",
            e.GetString("Reason") ?? ""), cancellationToken);
    }

    /// <summary>
    /// Keeps the users of a transaction the store refused while the import writes (partition = tenant|import|refused, row
    /// key = the data row, or the email of a user no row decided): each as a row error and the kind of change it was, so
    /// whichever process ends the import reports them and takes them out of the counts. Saving one again changes nothing.
    /// </summary>
    public async Task AddRefusedAsync(string tenantId, string importId, IReadOnlyList<(RowIssue Issue, ChangeKind Kind)> refused, CancellationToken cancellationToken)
    {
        var partition = RefusedPartition(tenantId, importId);
        var actions = refused
            .Select(r => new TableEntity(partition, r.Issue.Row > 0 ? $"{r.Issue.Row:D9}" : "e" + TableKeys.Escape(r.Issue.Value))
            {
                ["Row"] = r.Issue.Row,
                ["Value"] = r.Issue.Value,
                ["Code"] = r.Issue.Code,
                ["Message"] = r.Issue.Message,
                ["Kind"] = r.Kind.ToString(),
            })
            .DistinctBy(e => e.RowKey)
            .Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
        foreach (var batch in actions.Chunk(UserStore.MaxBatch))
        {
            await tables.ImportIssues.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    /// <summary>The users kept by <see cref="AddRefusedAsync"/>, in row order.</summary>
    public async Task<IReadOnlyList<(RowIssue Issue, ChangeKind Kind)>> ListRefusedAsync(string tenantId, string importId, CancellationToken cancellationToken)
    {
        var refused = new List<(RowIssue, ChangeKind)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RefusedPartition(tenantId, importId)}");
        await foreach (var e in tables.ImportIssues.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            refused.Add((
                new RowIssue(e.GetInt32("Row") ?? 0, "", e.GetString("Value") ?? "", e.GetString("Code") ?? "", e.GetString("Message") ?? "", IssueSeverity.Error),
                Enum.TryParse<ChangeKind>(e.GetString("Kind"), out var kind) ? kind : ChangeKind.Update));
        }

        return refused;
    }

    private static string ClaimKey(FeedObject upload) =>
        TableKeys.Hash(string.Create(CultureInfo.InvariantCulture, $"{upload.Key}\n{upload.ETag}\n{upload.LastModified.UtcTicks}"));

    private static string IssuePartition(string tenantId, string importId) => tenantId + "|" + TableKeys.Escape(importId);

    /// <summary>Beside the import's issues, in the same table: a held import's would-be deactivations.</summary>
    private static string DeactivationPartition(string tenantId, string importId) => IssuePartition(tenantId, importId) + "|deactivations";

    private static string RefusedPartition(string tenantId, string importId) => IssuePartition(tenantId, importId) + "|refused";

    private static TableEntity ToEntity(ImportRecord r) => new(r.TenantId, TableKeys.Escape(r.ImportId))
    {
        ["ImportId"] = r.ImportId,
        ["FileKey"] = r.FileKey,
        ["FileETag"] = r.ETag,
        ["Status"] = r.Status,
        ["Reason"] = r.Reason,
        ["StartedAt"] = r.StartedAt,
        ["FinishedAt"] = r.FinishedAt,
        ["Rows"] = r.Counts.Rows,
        ["Created"] = r.Counts.Created,
        ["Updated"] = r.Counts.Updated,
        ["Unchanged"] = r.Counts.Unchanged,
        ["Deactivated"] = r.Counts.Deactivated,
        ["Reactivated"] = r.Counts.Reactivated,
        ["Errors"] = r.Counts.Errors,
        ["Warnings"] = r.Counts.Warnings,
        ["OutOfScope"] = r.Counts.OutOfScope,
        ["PendingDeactivation"] = r.Counts.PendingDeactivation,
        ["Groups"] = r.Counts.Groups,
        ["FileSize"] = r.FileSize,
        ["Attempts"] = r.Attempts,
        ["RetryPending"] = r.RetryPending,
        ["Planned"] = r.Planned,
        ["PlannedChanges"] = r.PlannedChanges,
        ["AppliedChanges"] = r.AppliedChanges,
        ["Phase"] = r.Phase,
        ["Outcome"] = r.Outcome,
        ["Worker"] = r.Worker,
        ["Approved"] = r.Approved,
        ["Paused"] = r.Paused,
        ["Continuations"] = r.Continuations,
        ["PlanBasis"] = r.PlanBasis,
        ["DigestVersion"] = r.DigestVersion,
    };

    private static ImportRecord ToRecord(TableEntity e) => new(
        e.GetString("ImportId") ?? e.RowKey,
        e.PartitionKey,
        e.GetString("FileKey") ?? "",
        e.GetString("FileETag") ?? "",
        e.GetString("Status") ?? "",
        e.GetString("Reason"),
        e.GetDateTimeOffset("StartedAt") ?? default,
        e.GetDateTimeOffset("FinishedAt"),
        new ImportCounts(
            e.GetInt32("Rows") ?? 0,
            e.GetInt32("Created") ?? 0,
            e.GetInt32("Updated") ?? 0,
            e.GetInt32("Unchanged") ?? 0,
            e.GetInt32("Deactivated") ?? 0,
            e.GetInt32("Reactivated") ?? 0,
            e.GetInt32("Errors") ?? 0,
            e.GetInt32("Warnings") ?? 0) { OutOfScope = e.GetInt32("OutOfScope") ?? 0, PendingDeactivation = e.GetInt32("PendingDeactivation") ?? 0, Groups = e.GetInt32("Groups") ?? 0 })
    {
        FileSize = e.GetInt64("FileSize") ?? 0,
        Attempts = e.GetInt32("Attempts") ?? 0,
        RetryPending = e.GetBoolean("RetryPending") ?? false,
        Planned = e.GetBoolean("Planned") ?? false,
        PlannedChanges = e.GetInt32("PlannedChanges") ?? 0,
        AppliedChanges = e.GetInt32("AppliedChanges") ?? 0,
        Phase = e.GetString("Phase"),
        Outcome = e.GetString("Outcome"),
        Worker = e.GetString("Worker"),
        Approved = e.GetBoolean("Approved") ?? false,
        Paused = e.GetBoolean("Paused") ?? false,
        Continuations = e.GetInt32("Continuations") ?? 0,
        PlanBasis = e.GetString("PlanBasis"),
        DigestVersion = e.GetInt64("DigestVersion") ?? 0,
    };
}
