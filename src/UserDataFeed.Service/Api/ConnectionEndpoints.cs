using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Api;

/// <summary>S3 connection details for IT: issue a key (the secret is shown once), list, revoke.</summary>
public sealed class ConnectionEndpoints(TenantStore tenants, IS3KeyIssuer issuer, IOptions<S3Options> options, TimeProvider time)
{
    public const int MaxActiveKeys = 2;

    private readonly S3Options s3 = options.Value;

    public async Task<IResult> IssueKey(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is not { } tenant)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var active = await tenants.ListKeysAsync(call.TenantId, call.Cancellation);
        if (active.Count >= MaxActiveKeys)
        {
            return Problems.Conflict($"The tenant already has {MaxActiveKeys} active keys; revoke one before issuing another.");
        }

        var key = await issuer.IssueKeyAsync(call.TenantId, call.Cancellation);
        await tenants.AddKeyAsync(call.TenantId, new S3KeyInfo(key.AccessKeyId, time.GetUtcNow()), call.Cancellation);
        return TypedResults.Json(
            new IssuedKeyDto(s3.EffectivePublicUrl, tenant.Bucket, s3.Region, key.AccessKeyId, key.SecretAccessKey),
            statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> GetConnection(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is not { } tenant)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var keys = await tenants.ListKeysAsync(call.TenantId, call.Cancellation);
        return TypedResults.Ok(new ConnectionDto(s3.EffectivePublicUrl, tenant.Bucket, s3.Region, [.. keys.Select(k => new KeyDto(k.AccessKeyId, k.CreatedAt))]));
    }

    public async Task<IResult> RevokeKey(ApiCall call)
    {
        var accessKeyId = call.Route("accessKeyId");
        var keys = await tenants.ListKeysAsync(call.TenantId, call.Cancellation);
        if (!keys.Any(k => k.AccessKeyId == accessKeyId))
        {
            return Problems.NotFound($"Tenant '{call.TenantId}' has no active key '{accessKeyId}'.");
        }

        await issuer.RevokeKeyAsync(call.TenantId, accessKeyId, call.Cancellation);
        await tenants.RemoveKeyAsync(call.TenantId, accessKeyId, call.Cancellation);
        return TypedResults.NoContent();
    }
}
