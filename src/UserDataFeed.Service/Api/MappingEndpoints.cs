using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Audit;

namespace UserDataFeed.Service.Api;

/// <summary>The tenant's mapping rules: template, preview of a sample, save (with If-Match), read, reset.</summary>
public static class MappingEndpoints
{
    /// <summary>The largest sample the preview reads (it reads all of it, so it refuses what the import would refuse).</summary>
    public const long PreviewMaxBytes = 10L * 1024 * 1024;

    public static async Task<FileContentHttpResult> GetTemplate(RouteTenant tenant, MappingStore mappings, CancellationToken cancellationToken)
    {
        var fields = await mappings.ListFieldsAsync(tenant.Id, cancellationToken);
        return TypedResults.File(FeedTemplate.Csv(fields), "text/csv; charset=utf-8", $"{tenant.Id}-feed-template.csv");
    }

    /// <summary>Reads a sample (a text/csv body, or the multipart field <c>file</c>) without touching any user; with a saved mapping, also its first rows as that mapping makes them.</summary>
    public static async Task<Results<Ok<CsvPreview>, ProblemHttpResult>> PreviewMapping(
        RouteTenant tenant, CsvUpload csv, MappingStore mappings, CancellationToken cancellationToken)
    {
        await using var sample = await csv.SpoolAsync(PreviewMaxBytes, _ => Problems.TooLarge(
            $"A sample for the preview is at most {PreviewMaxBytes:N0} bytes: send the first rows of the export, or check the whole file with the dry run."));
        if (sample.Problem is not null)
        {
            return sample.Problem;
        }

        try
        {
            var fields = await mappings.ListFieldsAsync(tenant.Id, cancellationToken);
            var mapped = await mappings.GetAsync(tenant.Id, cancellationToken) is { } saved ? Mapped(sample.File!, saved.ToMapping()) : null;
            sample.File!.Position = 0;
            return TypedResults.Ok(await CsvPreview.ReadAsync(sample.File, fields, cancellationToken) with { Mapped = mapped });
        }
        catch (InvalidFeedFileException ex)
        {
            return Problems.BadRequest(ex.Reason);
        }
    }

    /// <summary>The sample as the saved mapping makes it; none, with the reason, when the saved mapping cannot be planned.</summary>
    private static MappedSample Mapped(Stream sample, FeedMapping mapping) =>
        MappingRules.ProblemOf(mapping) is { } problem ? new MappedSample([], [], problem) : MappedSample.Read(sample, mapping);

    public static async Task<Results<Ok<MappingDto>, NotFoundProblem>> GetMapping(string tenantId, HttpResponse response, MappingStore mappings, CancellationToken cancellationToken)
    {
        var mapping = await mappings.GetAsync(tenantId, cancellationToken);
        if (mapping is null)
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no mapping yet; the feed is paused until one is saved.");
        }

        response.Headers.ETag = mapping.ETag;
        return TypedResults.Ok(MappingDto.From(mapping));
    }

    /// <summary>Saves the mapping; with <c>If-Match</c> only over the version it names (412 when it changed since).</summary>
    public static async Task<Results<Ok<MappingDto>, PreconditionFailedProblem, ProblemHttpResult>> PutMapping(
        RouteTenant tenant, [FromBody] MappingBody body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpResponse response,
        MappingStore mappings, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var customKeys = (await mappings.ListFieldsAsync(tenant.Id, cancellationToken)).Select(f => f.Key).ToList();
        var check = MappingRules.Check(
            body.Fields, body.Scope?.Select(r => r?.ToRule()).ToList(), body.Transforms?.ToDictionary(t => t.Key, t => t.Value?.ToTransform()), customKeys);
        if (check.Mapping is not { } mapping)
        {
            return Problems.Validation(check.Errors.ToDictionary());
        }

        var before = await mappings.GetAsync(tenant.Id, cancellationToken);
        var saved = await mappings.SaveAsync(tenant.Id, mapping, string.IsNullOrEmpty(ifMatch) ? null : ifMatch, time.GetUtcNow(), cancellationToken);
        if (saved is null)
        {
            return Problems.PreconditionFailed("The mapping changed since the ETag in If-Match was read; get it again and reapply your change.");
        }

        await audit.RecordAsync(tenant.Id, AuditActions.MappingSaved, $"version {saved.Version}", MappingChanges(before, saved), cancellationToken);
        response.Headers.ETag = saved.ETag;
        return TypedResults.Ok(MappingDto.From(saved));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteMapping(string tenantId, MappingStore mappings, AuditTrail audit, CancellationToken cancellationToken)
    {
        var before = await mappings.GetAsync(tenantId, cancellationToken);
        if (before is null || !await mappings.DeleteAsync(tenantId, cancellationToken))
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no mapping.");
        }

        await audit.RecordAsync(tenantId, AuditActions.MappingReset, $"version {before.Version}", "reset: the feed pauses until a mapping is saved", cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>What a save changed: each field's column before and after, and whether the scope or the transforms changed.</summary>
    private static string MappingChanges(SavedMapping? before, SavedMapping after)
    {
        var was = before?.Fields.ToDictionary(f => $"fields.{f.Key}", f => (string?)f.Value) ?? [];
        var now = after.Fields.ToDictionary(f => $"fields.{f.Key}", f => (string?)f.Value);
        was["scope"] = before is null ? null : System.Text.Json.JsonSerializer.Serialize(before.Scope);
        now["scope"] = System.Text.Json.JsonSerializer.Serialize(after.Scope);
        was["transforms"] = before is null ? null : System.Text.Json.JsonSerializer.Serialize(before.Transforms);
        now["transforms"] = System.Text.Json.JsonSerializer.Serialize(after.Transforms);
        var changes = AuditChanges.Diff(was, now);
        return changes.Length > 0 ? changes : "saved unchanged";
    }
}
