using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Audit;
using UserDataFeed.Service.Import;

namespace UserDataFeed.Service.Api;

/// <summary>Polling on demand, import records, holds, dry runs and the tenant's feed settings.</summary>
public static class FeedEndpoints
{
    /// <summary>202: the new files are claimed and queued; a worker runs them. Follow the one import, or the list.</summary>
    public static async Task<Results<Accepted<PollDto>, ConflictProblem>> Poll(
        RouteTenant tenant, MappingStore mappings, FeedPoller poller, CancellationToken cancellationToken)
    {
        if (!tenant.Record.FeedEnabled)
        {
            return Problems.Conflict($"The feed is not enabled for tenant '{tenant.Id}'.");
        }

        if (await mappings.GetAsync(tenant.Id, cancellationToken) is null)
        {
            return Problems.Conflict($"Tenant '{tenant.Id}' has no mapping; save one before polling.");
        }

        var waiting = await poller.PollTenantAsync(tenant.Record, cancellationToken);
        var follow = waiting.Count == 1 ? ImportLocation(tenant.Id, waiting[0].ImportId) : $"/{Routes.Prefix}/tenants/{tenant.Id}/feed/imports";
        return TypedResults.Accepted(follow, new PollDto([.. waiting.Select(r => r.ImportId)]));
    }

    private static string ImportLocation(string tenantId, string importId) =>
        $"/{Routes.Prefix}/tenants/{Uri.EscapeDataString(tenantId)}/feed/imports/{Uri.EscapeDataString(importId)}";

    public static async Task<Results<Ok<Page<ImportDto>>, ProblemHttpResult>> ListImports(
        string tenantId, [AsParameters] PageRequest page, ImportStore imports, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var list = $"imports|{tenantId}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        var size = page.Size!.Value;

        var (items, next) = await imports.ListAsync(tenantId, from, size, cancellationToken);
        return TypedResults.Ok(new Page<ImportDto>([.. items.Select(ImportDto.From)], tokens.Protect(list, next)));
    }

    public static async Task<Results<Ok<ImportDto>, NotFoundProblem>> GetImport(string tenantId, string importId, ImportStore imports, CancellationToken cancellationToken) =>
        await imports.GetAsync(tenantId, importId, cancellationToken) is { } record
            ? TypedResults.Ok(ImportDto.From(record))
            : NoImport(tenantId, importId);

    public static async Task<Results<Ok<IssuesDto>, NotFoundProblem>> GetImportErrors(string tenantId, string importId, ImportStore imports, CancellationToken cancellationToken)
    {
        if (await imports.GetAsync(tenantId, importId, cancellationToken) is null)
        {
            return NoImport(tenantId, importId);
        }

        return TypedResults.Ok(IssuesDto.From(await imports.ListIssuesAsync(tenantId, importId, cancellationToken)));
    }

    /// <summary>
    /// The users a held import would deactivate, each with why, in pages. Recorded when the import was held and kept after
    /// an approval or a rejection; an import that was never held has none.
    /// </summary>
    public static async Task<Results<Ok<Page<DeactivationDto>>, NotFoundProblem, ProblemHttpResult>> ListImportDeactivations(
        string tenantId, string importId, [AsParameters] PageRequest page, ImportStore imports, ContinuationTokens tokens, CancellationToken cancellationToken)
    {
        var list = $"deactivations|{tenantId}|{importId}";
        if (page.Problem(tokens, list, out var from) is { } problem)
        {
            return problem;
        }

        if (await imports.GetAsync(tenantId, importId, cancellationToken) is null)
        {
            return NoImport(tenantId, importId);
        }

        var (items, next) = await imports.ListDeactivationsAsync(tenantId, importId, from, page.Size!.Value, cancellationToken);
        return TypedResults.Ok(new Page<DeactivationDto>([.. items.Select(DeactivationDto.From)], tokens.Protect(list, next)));
    }

    /// <summary>202: the import is queued to run without the hold; follow its record.</summary>
    public static async Task<Results<Accepted<ImportDto>, NotFoundProblem, ConflictProblem, StatusProblem>> ApproveImport(
        RouteTenant tenant, string importId, ImportStore imports, FeedPoller poller, AuditTrail audit, CancellationToken cancellationToken)
    {
        var record = await imports.GetAsync(tenant.Id, importId, cancellationToken);
        if (NotHeld(tenant.Id, importId, record) is { } problem)
        {
            return problem;
        }

        if (await poller.ApproveAsync(tenant.Record, record!, cancellationToken) is not { } approved)
        {
            return Busy;
        }

        await audit.RecordAsync(tenant.Id, AuditActions.ImportApproved, importId, $"approved {record!.FileKey} (held: {record.Reason})", cancellationToken);
        return TypedResults.Accepted(ImportLocation(tenant.Id, approved.ImportId), ImportDto.From(approved));
    }

    /// <summary>The request's cancellation does not stop a rejection half-way: it only files the file away.</summary>
    public static async Task<Results<Ok<ImportDto>, NotFoundProblem, ConflictProblem, StatusProblem>> RejectImport(
        RouteTenant tenant, string importId, ImportStore imports, FeedPoller poller, AuditTrail audit, CancellationToken cancellationToken)
    {
        var record = await imports.GetAsync(tenant.Id, importId, cancellationToken);
        if (NotHeld(tenant.Id, importId, record) is { } problem)
        {
            return problem;
        }

        if (await poller.RejectAsync(tenant.Record, record!, CancellationToken.None) is not { } rejected)
        {
            return Busy;
        }

        await audit.RecordAsync(tenant.Id, AuditActions.ImportRejected, importId, $"rejected {record!.FileKey} (held: {record.Reason})", CancellationToken.None);
        return TypedResults.Ok(ImportDto.From(rejected));
    }

    private static ConflictProblem Busy => Problems.Conflict("The tenant's feed is busy with another run; try again in a moment.");

    private static NotFoundProblem NoImport(string tenantId, string importId) => Problems.NotFound($"Tenant '{tenantId}' has no import '{importId}'.");

    /// <summary>Why an approval or a rejection cannot go ahead: the import does not exist, or it is not held.</summary>
    private static StatusProblem? NotHeld(string tenantId, string importId, ImportRecord? record) => record switch
    {
        null => NoImport(tenantId, importId),
        { Status: not ImportStatus.Held } => Problems.Conflict($"Import '{importId}' is {record.Status}; only a held import can be approved or rejected."),
        _ => null,
    };

    /// <summary>What a file would do, planned exactly as a real run would, writing nothing.</summary>
    public static async Task<Results<Ok<DryRunDto>, ConflictProblem, UnprocessableProblem, ProblemHttpResult>> DryRun(
        RouteTenant tenant, CsvUpload csv, MappingStore mappings, ImportRunner runner, IOptions<FeedOptions> options, CancellationToken cancellationToken)
    {
        var feed = options.Value;
        if (await mappings.GetAsync(tenant.Id, cancellationToken) is not { } mapping)
        {
            return Problems.Conflict($"Tenant '{tenant.Id}' has no mapping; save one first.");
        }

        // Refused over Feed:MaxFileBytes with the import's reason, as the import would refuse it.
        await using var file = await csv.SpoolAsync(feed.MaxFileBytes, size => WouldFail(feed.TooLargeReason(size)).Problem);
        if (file.Problem is not null)
        {
            return file.Problem;
        }

        var (plan, rejection) = await runner.PlanFileAsync(tenant.Record, mapping, file.File!, approved: false, cancellationToken);
        if (plan is null)
        {
            return WouldFail(rejection!);
        }

        var issues = IssuesDto.From(plan.Issues);
        return TypedResults.Ok(new DryRunDto(plan.Counts, plan.Held, plan.HoldReason, issues.Errors, issues.Warnings));
    }

    private static UnprocessableProblem WouldFail(string reason) => Problems.Unprocessable($"The file would fail as a whole: {reason}");

    public static Ok<SettingsDto> GetSettings(RouteTenant tenant) => TypedResults.Ok(SettingsDto.From(tenant.Record));

    /// <summary>Replaces the hold threshold, <c>staleAfter</c> (absent or null: never stale) and the grace period (absent: 1) and the dates' time zone (absent: UTC).</summary>
    public static async Task<Results<Ok<SettingsDto>, NotFoundProblem, ProblemHttpResult>> PutSettings(
        RouteTenant tenant, [FromBody] SettingsBody body, TenantStore tenants, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (body.Hold is not { } hold)
        {
            return Problems.Validation("hold", "hold {percent, minimum} is required.");
        }

        var errors = new Dictionary<string, string[]>();
        if (hold.Percent is < 0 or > 100)
        {
            errors["hold.percent"] = ["percent must be from 0 to 100."];
        }

        if (hold.Minimum < 0)
        {
            errors["hold.minimum"] = ["minimum must be 0 or more."];
        }

        var staleAfter = HealthEndpoints.ParseStaleAfter(body.StaleAfter, errors);
        var missingFiles = body.DeactivateAfterMissingFiles ?? 1;
        if (missingFiles is < 1 or > FeedPolicy.MostMissingFiles)
        {
            errors["deactivateAfterMissingFiles"] = [$"deactivateAfterMissingFiles must be from 1 (deactivate on the first file without the user) to {FeedPolicy.MostMissingFiles}."];
        }

        var timeZone = FeedDates.Zone(body.TimeZone ?? "UTC")?.Id;
        if (timeZone is null)
        {
            errors["timeZone"] = [$"'{body.TimeZone}' is not a time zone this service knows: give an IANA id such as Europe/London or America/New_York."];
        }

        var pauseAfter = QuarantineEndpoints.ParsePauseAfter(body.PauseAfterFailedFiles, errors);
        var retention = body.HistoryRetentionDays ?? Tenant.DefaultHistoryRetentionDays;
        if (retention is < 0 or > Tenant.MaxHistoryRetentionDays)
        {
            errors["historyRetentionDays"] = [$"historyRetentionDays must be from 0 (record no history) to {Tenant.MaxHistoryRetentionDays}."];
        }

        var source = UsersSourceNames.Parse(body.Source);
        if (source is null)
        {
            errors["source"] = [$"source must be \"{UsersSourceNames.File}\" or \"{UsersSourceNames.Scim}\" (absent: {UsersSourceNames.File})."];
        }

        var scimHoldWindow = ScimHoldEndpoints.ParseWindow(body.ScimHoldWindow, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (await tenants.UpdateSettingsAsync(tenant.Id, t => t with
        {
            Hold = new HoldThreshold(hold.Percent, hold.Minimum),
            StaleAfter = staleAfter,
            DeactivateAfterMissingFiles = missingFiles,
            TimeZone = timeZone!,
            PauseAfterFailedFiles = pauseAfter,
            HistoryRetentionDays = retention,
            UsersSource = source!.Value,
            ScimHoldWindow = scimHoldWindow,
        }, time.GetUtcNow(), cancellationToken) is not { } updated)
        {
            return Problems.TenantNotFound(tenant.Id);
        }

        var changes = AuditChanges.Diff(AuditChanges.Flatten(SettingsDto.From(tenant.Record)), AuditChanges.Flatten(SettingsDto.From(updated)));
        await audit.RecordAsync(tenant.Id, AuditActions.SettingsChanged, null, changes.Length > 0 ? changes : "saved unchanged", cancellationToken);
        return TypedResults.Ok(SettingsDto.From(updated));
    }
}
