using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;
using UserDataFeed.Service.Import;

namespace UserDataFeed.Service.Api;

/// <summary>Polling on demand, import records, holds, dry runs and the tenant's feed settings.</summary>
public sealed class FeedEndpoints(TenantStore tenants, ImportStore imports, FeedPoller poller, ImportRunner runner, IOptions<FeedOptions> options, ContinuationTokens tokens, TimeProvider time)
{
    private readonly FeedOptions feed = options.Value;

    public async Task<IResult> Poll(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is not { } tenant)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        if (!tenant.FeedEnabled)
        {
            return Problems.Conflict($"The feed is not enabled for tenant '{call.TenantId}'.");
        }

        if (await tenants.GetMappingAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.Conflict($"Tenant '{call.TenantId}' has no mapping; save one before polling.");
        }

        // 202: the new files are claimed and queued; a worker runs them. Follow the one import, or the list.
        var waiting = await poller.PollTenantAsync(tenant, call.Cancellation);
        var follow = waiting.Count == 1 ? ImportLocation(call.TenantId, waiting[0].ImportId) : $"/{Routes.Prefix}/tenants/{call.TenantId}/feed/imports";
        return TypedResults.Accepted(follow, new PollDto([.. waiting.Select(r => r.ImportId)]));
    }

    private static string ImportLocation(string tenantId, string importId) =>
        $"/{Routes.Prefix}/tenants/{Uri.EscapeDataString(tenantId)}/feed/imports/{Uri.EscapeDataString(importId)}";

    public async Task<IResult> ListImports(ApiCall call)
    {
        if (Paging.Size(call) is not { } size)
        {
            return Paging.Invalid;
        }

        var list = $"imports|{call.TenantId}";
        if (!tokens.TryRead(call, list, out var from))
        {
            return Problems.Validation("continuationToken", ContinuationTokens.InvalidMessage);
        }

        var (items, next) = await imports.ListAsync(call.TenantId, from, size, call.Cancellation);
        return TypedResults.Ok(new Page<ImportDto>([.. items.Select(ImportDto.From)], tokens.Protect(list, next)));
    }

    public async Task<IResult> GetImport(ApiCall call) =>
        await imports.GetAsync(call.TenantId, call.Route("importId"), call.Cancellation) is { } record
            ? TypedResults.Ok(ImportDto.From(record))
            : Problems.NotFound($"Tenant '{call.TenantId}' has no import '{call.Route("importId")}'.");

    public async Task<IResult> GetImportErrors(ApiCall call)
    {
        var importId = call.Route("importId");
        if (await imports.GetAsync(call.TenantId, importId, call.Cancellation) is null)
        {
            return Problems.NotFound($"Tenant '{call.TenantId}' has no import '{importId}'.");
        }

        return TypedResults.Ok(IssuesDto.From(await imports.ListIssuesAsync(call.TenantId, importId, call.Cancellation)));
    }

    /// <summary>202: the import is queued to run without the hold; follow its record.</summary>
    public Task<IResult> ApproveImport(ApiCall call) => ReleaseHeldAsync(call, poller.ApproveAsync,
        approved => TypedResults.Accepted(ImportLocation(call.TenantId, approved.ImportId), ImportDto.From(approved)));

    /// <summary>The request's cancellation does not stop a rejection half-way: it only files the file away.</summary>
    public Task<IResult> RejectImport(ApiCall call) => ReleaseHeldAsync(call, (tenant, held, _) => poller.RejectAsync(tenant, held, CancellationToken.None),
        rejected => TypedResults.Ok(ImportDto.From(rejected)));

    private async Task<IResult> ReleaseHeldAsync(
        ApiCall call, Func<Core.Tenants.Tenant, ImportRecord, CancellationToken, Task<ImportRecord?>> release, Func<ImportRecord, IResult> answer)
    {
        var importId = call.Route("importId");
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is not { } tenant)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        if (await imports.GetAsync(call.TenantId, importId, call.Cancellation) is not { } record)
        {
            return Problems.NotFound($"Tenant '{call.TenantId}' has no import '{importId}'.");
        }

        if (record.Status != ImportStatus.Held)
        {
            return Problems.Conflict($"Import '{importId}' is {record.Status}; only a held import can be approved or rejected.");
        }

        return await release(tenant, record, call.Cancellation) is { } released
            ? answer(released)
            : Problems.Conflict("The tenant's feed is busy with another run; try again in a moment.");
    }

    /// <summary>What a file would do, planned exactly as a real run would, writing nothing.</summary>
    public async Task<IResult> DryRun(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is not { } tenant)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        if (await tenants.GetMappingAsync(call.TenantId, call.Cancellation) is not { } mapping)
        {
            return Problems.Conflict($"Tenant '{call.TenantId}' has no mapping; save one first.");
        }

        // Refused over Feed:MaxFileBytes with the import's reason, as the import would refuse it.
        await using var file = await CsvBody.SpoolAsync(call, feed.MaxFileBytes, size => WouldFail(feed.TooLargeReason(size)));
        if (file.Problem is not null)
        {
            return file.Problem;
        }

        var (plan, rejection) = await runner.PlanFileAsync(tenant, mapping, file.File!, approved: false, call.Cancellation);
        if (plan is null)
        {
            return WouldFail(rejection!);
        }

        var issues = IssuesDto.From(plan.Issues);
        return TypedResults.Ok(new DryRunDto(plan.Counts, plan.Held, plan.HoldReason, issues.Errors, issues.Warnings));
    }

    private static IResult WouldFail(string reason) => Problems.Unprocessable($"The file would fail as a whole: {reason}");

    public async Task<IResult> GetSettings(ApiCall call) =>
        await tenants.GetAsync(call.TenantId, call.Cancellation) is { } tenant
            ? TypedResults.Ok(SettingsDto.From(tenant))
            : Problems.TenantNotFound(call.TenantId);

    public async Task<IResult> PutSettings(ApiCall call)
    {
        var read = await JsonBody.ReadAsync<SettingsBody>(call);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var body = read.Value;
        var errors = new Dictionary<string, string[]>();
        if (body?.Hold is not { } hold)
        {
            return Problems.Validation("hold", "hold {percent, minimum} is required.");
        }

        if (hold.Percent is < 0 or > 100)
        {
            errors["hold.percent"] = ["percent must be from 0 to 100."];
        }

        if (hold.Minimum < 0)
        {
            errors["hold.minimum"] = ["minimum must be 0 or more."];
        }

        var staleAfter = HealthEndpoints.ParseStaleAfter(body.StaleAfter, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await tenants.UpdateSettingsAsync(call.TenantId, new HoldThreshold(hold.Percent, hold.Minimum), staleAfter, time.GetUtcNow(), call.Cancellation) is { } tenant
            ? TypedResults.Ok(SettingsDto.From(tenant))
            : Problems.TenantNotFound(call.TenantId);
    }
}
