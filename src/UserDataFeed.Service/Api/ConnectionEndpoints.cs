using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Audit;

namespace UserDataFeed.Service.Api;

/// <summary>
/// S3 connection details for IT: issue a key (the secret is shown once), list, revoke. At most
/// <see cref="MaxActiveKeys"/> keys, enforced by key slots in Table Storage: a request claims a free slot
/// (an insert only one racer wins) before the key is issued, and revoking frees it. A claim is made with the
/// key id chosen up front, so a claim left pending by a crash is taken over after <see cref="StaleClaim"/>
/// by first revoking that id on the store (whether or not it was created): no slot and no key leaks.
/// </summary>
public static class ConnectionEndpoints
{
    public const int MaxActiveKeys = 2;

    /// <summary>Longer than issuing a key can take (the store client's timeouts and retries included).</summary>
    public static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    public static async Task<Results<Created<IssuedKeyDto>, ConflictProblem>> IssueConnectionKey(
        RouteTenant tenant, KeySlotStore keySlots, IS3KeyIssuer issuer, IOptions<S3Options> options, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var s3 = options.Value;
        var accessKeyId = issuer.NewAccessKeyId();
        if (await ClaimSlotAsync(tenant.Id, accessKeyId, keySlots, issuer, time, cancellationToken) is not { } claim)
        {
            return Problems.Conflict($"The tenant already has {MaxActiveKeys} active keys (or one is being issued); revoke one before issuing another.");
        }

        IssuedS3Key key;
        try
        {
            key = await issuer.IssueKeyAsync(tenant.Id, accessKeyId, cancellationToken);
        }
        catch
        {
            await issuer.RevokeKeyAsync(tenant.Id, accessKeyId, CancellationToken.None);
            await keySlots.ReleaseAsync(tenant.Id, claim.Slot, claim.ETag, CancellationToken.None);
            throw;
        }

        if (!await keySlots.ConfirmAsync(tenant.Id, claim, time.GetUtcNow(), cancellationToken))
        {
            // Our claim was taken over as stale while we issued: the key must not outlive it.
            await issuer.RevokeKeyAsync(tenant.Id, accessKeyId, CancellationToken.None);
            return Problems.Conflict("Issuing the key took too long and its slot was reclaimed; try again.");
        }

        await audit.RecordAsync(tenant.Id, AuditActions.KeyIssued, key.AccessKeyId, "issued (the secret is shown once and stored nowhere)", cancellationToken);
        return TypedResults.Created((string?)null, new IssuedKeyDto(s3.EffectivePublicUrl, tenant.Record.Bucket, s3.Region, key.AccessKeyId, key.SecretAccessKey));
    }

    public static async Task<Ok<ConnectionDto>> GetConnection(RouteTenant tenant, KeySlotStore keySlots, IOptions<S3Options> options, CancellationToken cancellationToken)
    {
        var s3 = options.Value;
        var keys = await keySlots.ListKeysAsync(tenant.Id, cancellationToken);
        return TypedResults.Ok(new ConnectionDto(s3.EffectivePublicUrl, tenant.Record.Bucket, s3.Region, [.. keys.Select(k => new KeyDto(k.AccessKeyId, k.CreatedAt))]));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> RevokeConnectionKey(
        string tenantId, string accessKeyId, KeySlotStore keySlots, IS3KeyIssuer issuer, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (await keySlots.FindAsync(tenantId, accessKeyId, cancellationToken) is not { } slot)
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no active key '{accessKeyId}'.");
        }

        await issuer.RevokeKeyAsync(tenantId, accessKeyId, cancellationToken);
        await keySlots.ReleaseAsync(tenantId, slot.Slot, slot.ETag, cancellationToken);
        await audit.RecordAsync(tenantId, AuditActions.KeyRevoked, accessKeyId, "revoked", cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>A free slot claimed for <paramref name="accessKeyId"/>, taking over one a crashed claim left; null when none is free.</summary>
    private static async Task<KeySlot?> ClaimSlotAsync(
        string tenantId, string accessKeyId, KeySlotStore keySlots, IS3KeyIssuer issuer, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (claimed, taken) = await keySlots.ClaimAsync(tenantId, MaxActiveKeys, accessKeyId, now, cancellationToken);
        if (claimed is not null)
        {
            return claimed;
        }

        foreach (var stale in taken.Where(t => !t.Issued && now - t.At > StaleClaim))
        {
            // The crashed request may have created the key before it stopped; nobody was given its secret.
            await issuer.RevokeKeyAsync(tenantId, stale.AccessKeyId, cancellationToken);
            if (await keySlots.TakeOverAsync(tenantId, stale, accessKeyId, now, cancellationToken) is { } takenOver)
            {
                return takenOver;
            }
        }

        return null;
    }
}
