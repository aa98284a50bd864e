using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;

namespace UserDataFeed.Service.Api;

/// <summary>
/// S3 connection details for IT: issue a key (the secret is shown once), list, revoke. At most
/// <see cref="MaxActiveKeys"/> keys, enforced by key slots in Table Storage: a request claims a free slot
/// (an insert only one racer wins) before the key is issued, and revoking frees it. A claim is made with the
/// key id chosen up front, so a claim left pending by a crash is taken over after <see cref="StaleClaim"/>
/// by first revoking that id on the store (whether or not it was created): no slot and no key leaks.
/// </summary>
public sealed class ConnectionEndpoints(TenantStore tenants, IS3KeyIssuer issuer, IOptions<S3Options> options, TimeProvider time)
{
    public const int MaxActiveKeys = 2;

    /// <summary>Longer than issuing a key can take (the store client's timeouts and retries included).</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    private readonly S3Options s3 = options.Value;

    public async Task<IResult> IssueKey(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is not { } tenant)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var accessKeyId = issuer.NewAccessKeyId();
        if (await ClaimSlotAsync(call, accessKeyId) is not { } claim)
        {
            return Problems.Conflict($"The tenant already has {MaxActiveKeys} active keys (or one is being issued); revoke one before issuing another.");
        }

        IssuedS3Key key;
        try
        {
            key = await issuer.IssueKeyAsync(call.TenantId, accessKeyId, call.Cancellation);
        }
        catch
        {
            await issuer.RevokeKeyAsync(call.TenantId, accessKeyId, CancellationToken.None);
            await tenants.ReleaseKeySlotAsync(call.TenantId, claim.Slot, claim.ETag, CancellationToken.None);
            throw;
        }

        if (!await tenants.ConfirmKeySlotAsync(call.TenantId, claim, time.GetUtcNow(), call.Cancellation))
        {
            // Our claim was taken over as stale while we issued: the key must not outlive it.
            await issuer.RevokeKeyAsync(call.TenantId, accessKeyId, CancellationToken.None);
            return Problems.Conflict("Issuing the key took too long and its slot was reclaimed; try again.");
        }

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
        if (await tenants.FindKeySlotAsync(call.TenantId, accessKeyId, call.Cancellation) is not { } slot)
        {
            return Problems.NotFound($"Tenant '{call.TenantId}' has no active key '{accessKeyId}'.");
        }

        await issuer.RevokeKeyAsync(call.TenantId, accessKeyId, call.Cancellation);
        await tenants.ReleaseKeySlotAsync(call.TenantId, slot.Slot, slot.ETag, call.Cancellation);
        return TypedResults.NoContent();
    }

    /// <summary>A free slot claimed for <paramref name="accessKeyId"/>, taking over one a crashed claim left; null when none is free.</summary>
    private async Task<KeySlot?> ClaimSlotAsync(ApiCall call, string accessKeyId)
    {
        var now = time.GetUtcNow();
        var (claimed, taken) = await tenants.ClaimKeySlotAsync(call.TenantId, MaxActiveKeys, accessKeyId, now, call.Cancellation);
        if (claimed is not null)
        {
            return claimed;
        }

        foreach (var stale in taken.Where(t => !t.Issued && now - t.At > StaleClaim))
        {
            // The crashed request may have created the key before it stopped; nobody was given its secret.
            await issuer.RevokeKeyAsync(call.TenantId, stale.AccessKeyId, call.Cancellation);
            if (await tenants.TakeOverKeySlotAsync(call.TenantId, stale, accessKeyId, now, call.Cancellation) is { } takenOver)
            {
                return takenOver;
            }
        }

        return null;
    }
}
