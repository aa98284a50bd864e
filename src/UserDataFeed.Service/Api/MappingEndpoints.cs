using Microsoft.AspNetCore.Http;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;

namespace UserDataFeed.Service.Api;

/// <summary>The tenant's mapping rules: template, preview of a sample, save (with If-Match), read, reset.</summary>
public sealed class MappingEndpoints(TenantStore tenants, TimeProvider time)
{
    /// <summary>The largest sample the preview reads (it reads all of it, so it refuses what the import would refuse).</summary>
    public const long PreviewMaxBytes = 10L * 1024 * 1024;

    public async Task<IResult> GetTemplate(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var fields = await tenants.ListFieldsAsync(call.TenantId, call.Cancellation);
        return TypedResults.File(FeedTemplate.Csv(fields), "text/csv; charset=utf-8", $"{call.TenantId}-feed-template.csv");
    }

    /// <summary>Reads a sample (a text/csv body, or the multipart field <c>file</c>) without touching any user.</summary>
    public async Task<IResult> PreviewMapping(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        await using var sample = await CsvBody.SpoolAsync(call, PreviewMaxBytes, _ => Problems.TooLarge(
            $"A sample for the preview is at most {PreviewMaxBytes:N0} bytes: send the first rows of the export, or check the whole file with the dry run."));
        if (sample.Problem is not null)
        {
            return sample.Problem;
        }

        try
        {
            var fields = await tenants.ListFieldsAsync(call.TenantId, call.Cancellation);
            return TypedResults.Ok(await CsvPreview.ReadAsync(sample.File!, fields, call.Cancellation));
        }
        catch (InvalidFeedFileException ex)
        {
            return Problems.BadRequest(ex.Reason);
        }
    }

    public async Task<IResult> GetMapping(ApiCall call)
    {
        var mapping = await tenants.GetMappingAsync(call.TenantId, call.Cancellation);
        if (mapping is null)
        {
            return Problems.NotFound($"Tenant '{call.TenantId}' has no mapping yet; the feed is paused until one is saved.");
        }

        call.Http.Response.Headers.ETag = mapping.ETag;
        return TypedResults.Ok(MappingDto.From(mapping));
    }

    public async Task<IResult> PutMapping(ApiCall call)
    {
        var read = await JsonBody.ReadAsync<MappingBody>(call);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var body = read.Value;
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var customKeys = (await tenants.ListFieldsAsync(call.TenantId, call.Cancellation)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var (fields, twice) = FeedMapping.Canonical(body?.Fields ?? [], customKeys);
        var errors = twice.Count > 0 ? twice : FeedMapping.Validate(fields, customKeys);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.ToDictionary(e => $"fields.{e.Key}", e => e.Value));
        }

        var trimmed = fields.ToDictionary(f => f.Key, f => f.Value.Trim(), StringComparer.Ordinal);
        var ifMatch = call.Request.Headers.IfMatch.ToString();
        var saved = await tenants.SaveMappingAsync(call.TenantId, trimmed, ifMatch.Length == 0 ? null : ifMatch, time.GetUtcNow(), call.Cancellation);
        if (saved is null)
        {
            return Problems.PreconditionFailed("The mapping changed since the ETag in If-Match was read; get it again and reapply your change.");
        }

        call.Http.Response.Headers.ETag = saved.ETag;
        return TypedResults.Ok(MappingDto.From(saved));
    }

    public async Task<IResult> DeleteMapping(ApiCall call) =>
        await tenants.DeleteMappingAsync(call.TenantId, call.Cancellation)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Tenant '{call.TenantId}' has no mapping.");
}
