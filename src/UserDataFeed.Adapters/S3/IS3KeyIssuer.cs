namespace UserDataFeed.Adapters.S3;

/// <summary>An S3 key pair as issued: the secret exists only in this value, on its way to the caller.</summary>
public sealed record IssuedS3Key(string AccessKeyId, string SecretAccessKey);

/// <summary>
/// Issues and revokes the S3 keys tenants' IT teams upload with. One implementation per S3 provider;
/// each tenant gets its own principal on the store, allowed into its bucket by the bucket policy.
/// </summary>
public interface IS3KeyIssuer
{
    /// <summary>The principal (for a bucket policy) whose keys a tenant's IT team uses.</summary>
    string TenantPrincipal(string tenantId);

    /// <summary>The principal of the service's own data user.</summary>
    string ServicePrincipal { get; }

    /// <summary>Creates the tenant's principal if it does not exist yet (it can create no buckets).</summary>
    Task EnsureTenantPrincipalAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>A fresh access key id, chosen before the key is issued so it can be recorded (and revoked) first.</summary>
    string NewAccessKeyId();

    /// <summary>Creates the key <paramref name="accessKeyId"/> (from <see cref="NewAccessKeyId"/>) on the tenant's principal.</summary>
    Task<IssuedS3Key> IssueKeyAsync(string tenantId, string accessKeyId, CancellationToken cancellationToken);

    /// <summary>Removes a key; the store refuses it from then on. False when the tenant has no such key.</summary>
    Task<bool> RevokeKeyAsync(string tenantId, string accessKeyId, CancellationToken cancellationToken);
}
