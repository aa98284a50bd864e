using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace UserDataFeed.Adapters.S3;

/// <summary>The tenants' feed buckets, as the service's own S3 user sees them.</summary>
public sealed class FeedBuckets(IAmazonS3 s3, IOptions<S3Options> options)
{
    private readonly string prefix = options.Value.BucketPrefix;

    public string BucketOf(string tenantId) => prefix + tenantId;

    /// <summary>
    /// Creates the bucket (owned by the service) and sets its policy: the tenant's principal may upload
    /// outside the reserved prefixes, list, and read <c>results/</c>; the service may read everything
    /// (on RGW an explicit Allow lets the owner read objects the tenant uploaded without any ACL header).
    /// </summary>
    public async Task EnsureBucketAsync(string bucket, string tenantPrincipal, string servicePrincipal, CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "BucketAlreadyOwnedByYou")
        {
        }

        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = Policy(bucket, tenantPrincipal, servicePrincipal) }, cancellationToken);
    }

    internal static string Policy(string bucket, string tenantPrincipal, string servicePrincipal)
    {
        var objects = $"arn:aws:s3:::{bucket}/*";
        var reserved = BucketLayout.Reserved.Select(p => $"arn:aws:s3:::{bucket}/{p}*").ToArray();
        object Statement(string sid, string effect, string principal, string[] actions, string[] resources) => new
        {
            Sid = sid,
            Effect = effect,
            Principal = new { AWS = new[] { principal } },
            Action = actions,
            Resource = resources,
        };

        var policy = new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                Statement("TenantUploads", "Allow", tenantPrincipal,
                    ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], [objects]),
                Statement("TenantList", "Allow", tenantPrincipal,
                    ["s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:GetBucketLocation"], [$"arn:aws:s3:::{bucket}"]),
                Statement("TenantReadsResults", "Allow", tenantPrincipal,
                    ["s3:GetObject"], [$"arn:aws:s3:::{bucket}/{BucketLayout.Results}*"]),
                Statement("TenantStaysOutOfReserved", "Deny", tenantPrincipal,
                    ["s3:PutObject", "s3:DeleteObject"], reserved),
                Statement("ServiceReadsUploads", "Allow", servicePrincipal,
                    ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [objects]),
            },
        };
        return JsonSerializer.Serialize(policy);
    }

    /// <summary>Uploaded files awaiting processing, in upload order (<see cref="FeedObject.InUploadOrder"/>).</summary>
    public async Task<IReadOnlyList<FeedObject>> ListUploadsAsync(string bucket, CancellationToken cancellationToken)
    {
        var files = new List<FeedObject>();
        await foreach (var o in s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket }).S3Objects.WithCancellation(cancellationToken))
        {
            if (BucketLayout.IsUpload(o.Key))
            {
                files.Add(new FeedObject(o.Key, NormalizeETag(o.ETag), o.Size ?? 0, o.LastModified is { } m ? new DateTimeOffset(m.ToUniversalTime()) : default));
            }
        }

        return FeedObject.InUploadOrder(files);
    }

    /// <summary>Opens a file for reading if it still has the given ETag; null when it changed or is gone.</summary>
    public async Task<Stream?> OpenAsync(string bucket, string key, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, EtagToMatch = $"\"{etag}\"" }, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Moves an object within the bucket; an object already gone (moved by an earlier run) is left as it is.</summary>
    public async Task MoveAsync(string bucket, string key, string destinationKey, CancellationToken cancellationToken)
    {
        try
        {
            await s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = bucket,
                SourceKey = key,
                DestinationBucket = bucket,
                DestinationKey = destinationKey,
            }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
    }

    public async Task PutTextAsync(string bucket, string key, string content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(content));
        await PutStreamAsync(bucket, key, body, contentType, cancellationToken);
    }

    /// <summary>Uploads <paramref name="content"/> (seekable, read from its start) as the object.</summary>
    public Task PutStreamAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
        }, cancellationToken);

    private static string NormalizeETag(string? etag) => (etag ?? "").Trim('"');
}
