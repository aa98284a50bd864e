using Microsoft.AspNetCore.Http;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Service.Import;

namespace UserDataFeed.Service.Api;

/// <summary>Polling on demand and the import records.</summary>
public sealed class FeedEndpoints(TenantStore tenants, ImportStore imports, FeedPoller poller)
{
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

        var ran = await poller.PollTenantAsync(tenant, call.Cancellation);
        return TypedResults.Json(new PollDto([.. ran.Select(r => r.ImportId)]), statusCode: StatusCodes.Status202Accepted);
    }

    public async Task<IResult> ListImports(ApiCall call)
    {
        if (Paging.Size(call) is not { } size)
        {
            return Paging.Invalid;
        }

        var (items, next) = await imports.ListAsync(call.TenantId, call.Query("continuationToken"), size, call.Cancellation);
        return TypedResults.Ok(new Page<ImportDto>([.. items.Select(ImportDto.From)], next));
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

        var issues = await imports.ListIssuesAsync(call.TenantId, importId, call.Cancellation);
        return TypedResults.Ok(new IssuesDto(
            [.. issues.Where(i => i.Severity == IssueSeverity.Error).Select(IssueDto.From)],
            [.. issues.Where(i => i.Severity == IssueSeverity.Warning).Select(IssueDto.From)]));
    }
}
