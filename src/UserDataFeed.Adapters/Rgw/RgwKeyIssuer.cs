using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.Adapters.Rgw;

/// <summary>
/// Issues tenant keys through the Ceph RADOS Gateway Admin Ops API: one RGW user per tenant (no buckets
/// of its own), keys added and removed on that user. The service's admin user needs <c>users=*</c> caps only.
/// </summary>
public sealed class RgwKeyIssuer(HttpClient http, IOptions<S3Options> options, TimeProvider time) : IS3KeyIssuer
{
    private readonly S3Options s3 = options.Value;

    public string ServicePrincipal => $"arn:aws:iam:::user/{s3.Rgw.ServiceUserId}";

    public string TenantPrincipal(string tenantId) => $"arn:aws:iam:::user/{UserId(tenantId)}";

    public async Task EnsureTenantPrincipalAsync(string tenantId, CancellationToken cancellationToken)
    {
        var uid = UserId(tenantId);
        using (var get = await SendAsync(HttpMethod.Get, $"user?uid={uid}", cancellationToken))
        {
            if (get.IsSuccessStatusCode)
            {
                return;
            }

            if (get.StatusCode != HttpStatusCode.NotFound)
            {
                throw await FailureAsync(get, "look up the tenant's S3 user", cancellationToken);
            }
        }

        using var put = await SendAsync(HttpMethod.Put, $"user?uid={uid}&display-name={Uri.EscapeDataString("UserDataFeed tenant " + tenantId)}&max-buckets=-1", cancellationToken);
        if (!put.IsSuccessStatusCode && put.StatusCode != HttpStatusCode.Conflict)
        {
            throw await FailureAsync(put, "create the tenant's S3 user", cancellationToken);
        }
    }

    private const int MaxIssueAttempts = 5;

    public string NewAccessKeyId() => "UDF" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17);

    /// <summary>
    /// Adds the key to the tenant's RGW user. RGW updates a user's keys by reading and rewriting the user, so two
    /// keys added at once can lose one (or one request fails): each attempt is checked against the user as stored,
    /// and tried again a little later until the key is there.
    /// </summary>
    public async Task<IssuedS3Key> IssueKeyAsync(string tenantId, string accessKeyId, CancellationToken cancellationToken)
    {
        await EnsureTenantPrincipalAsync(tenantId, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using (var put = await SendAsync(HttpMethod.Put, $"user?key&uid={UserId(tenantId)}&key-type=s3&access-key={accessKeyId}&generate-key=True", cancellationToken))
            {
                if (!put.IsSuccessStatusCode && attempt == MaxIssueAttempts)
                {
                    throw await FailureAsync(put, "issue an S3 key", cancellationToken);
                }
            }

            using (var get = await SendAsync(HttpMethod.Get, $"user?uid={UserId(tenantId)}", cancellationToken))
            {
                if (get.IsSuccessStatusCode)
                {
                    using var json = JsonDocument.Parse(await get.Content.ReadAsStringAsync(cancellationToken));
                    foreach (var key in json.RootElement.GetProperty("keys").EnumerateArray())
                    {
                        if (key.GetProperty("access_key").GetString() == accessKeyId)
                        {
                            return new IssuedS3Key(accessKeyId, key.GetProperty("secret_key").GetString()!);
                        }
                    }
                }
            }

            if (attempt == MaxIssueAttempts)
            {
                throw new InvalidOperationException($"The RGW user of tenant {tenantId} did not keep the key it was asked to create, {MaxIssueAttempts} times.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt + Random.Shared.Next(50)), cancellationToken);
        }
    }

    public async Task<bool> RevokeKeyAsync(string tenantId, string accessKeyId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"user?key&uid={UserId(tenantId)}&access-key={Uri.EscapeDataString(accessKeyId)}", cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            return false;
        }

        throw await FailureAsync(response, "revoke an S3 key", cancellationToken);
    }

    private string UserId(string tenantId) => s3.Rgw.TenantUserPrefix + tenantId;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        var baseUrl = (string.IsNullOrEmpty(s3.Rgw.AdminUrl) ? s3.ServiceUrl : s3.Rgw.AdminUrl).TrimEnd('/');
        using var request = new HttpRequestMessage(method, new Uri($"{baseUrl}/admin/{pathAndQuery}"));
        Sign(request);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Signs a body-less Admin Ops request with AWS SigV4 (the SDK's standalone signer; RGW checks it as S3 does).</summary>
    private void Sign(HttpRequestMessage request)
    {
        var signed = AWSSigV4Signer.Sign(
            new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri! },
            new AWSSigV4Parameters
            {
                Credentials = new BasicAWSCredentials(s3.Rgw.AdminAccessKey, s3.Rgw.AdminSecretKey),
                Region = RegionEndpoint.GetBySystemName(s3.Region),
                Service = "s3",
                SignedAt = time.GetUtcNow().UtcDateTime,
            });
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static async Task<Exception> FailureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        // The body names the RGW error code (e.g. AccessDenied); it never carries a secret for failed calls.
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new HttpRequestException($"RGW Admin API failed to {what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}", null, response.StatusCode);
    }
}
