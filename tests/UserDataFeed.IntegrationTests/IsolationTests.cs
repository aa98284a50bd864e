using System.Net;
using Amazon.S3.Model;

namespace UserDataFeed.IntegrationTests;

/// <summary>What an issued key and a tenant token can and cannot do, checked against the real RGW.</summary>
public sealed class IsolationTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    [Fact]
    public async Task Tenant_key_is_refused_on_another_tenants_bucket()
    {
        await using var service = await TestService.StartAsync();
        var adminA = await service.OnboardTenantAsync("tenant-a");
        var adminB = await service.OnboardTenantAsync("tenant-b");
        var (s3A, bucketA, _, _) = await adminA.IssueKeyAsync("tenant-a");
        var (_, bucketB, _, _) = await adminB.IssueKeyAsync("tenant-b");

        Assert.Equal(HttpStatusCode.OK, await Api.StatusOfAsync(() => s3A.UploadAsync(bucketA, "mine.csv", "x")));
        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3A.UploadAsync(bucketB, "theirs.csv", "x")));
        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3A.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucketB })));
        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3A.PutBucketAsync(new PutBucketRequest { BucketName = bucketA + "-extra" })));
    }

    [Fact]
    public async Task Tenant_key_may_upload_and_read_results_but_not_write_reserved_prefixes_or_read_uploads()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("limits");
        await admin.SaveMappingAsync("limits", Mapping);
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("limits");
        await s3.UploadAsync(bucket, "in/feed.csv", "Email,First,Last\nann@limits.example,Ann,Lee\n");
        var importId = Assert.Single(await admin.PollAsync("limits"));

        Assert.Equal(HttpStatusCode.OK, await Api.StatusOfAsync(() => s3.GetObjectAsync(bucket, $"results/{importId}.json")));
        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3.UploadAsync(bucket, "results/fake.json", "{}")));
        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3.UploadAsync(bucket, "processed/x.csv", "x")));
        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3.GetObjectAsync(bucket, $"processed/{importId}/in/feed.csv")));
    }

    [Fact]
    public async Task Service_reads_a_file_the_tenant_uploaded_without_any_acl_header()
    {
        // RGW honours an explicit bucket-policy Allow for the bucket owner on objects another user uploaded (AWS would need bucket-owner-full-control).
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("acl");
        var (s3, bucket, _, _) = await admin.IssueKeyAsync("acl");
        await s3.UploadAsync(bucket, "plain.csv", "hello");

        using var read = await service.ServiceS3().GetObjectAsync(bucket, "plain.csv");
        using var reader = new StreamReader(read.ResponseStream);
        Assert.Equal("hello", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Revoked_key_is_refused_and_at_most_two_keys_are_active()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("revoke");
        var (s3, bucket, accessKeyId, _) = await admin.IssueKeyAsync("revoke");
        await admin.IssueKeyAsync("revoke");
        await (await admin.PostAsync("/api/tenants/revoke/feed/connection/keys", null)).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, await Api.StatusOfAsync(() => s3.UploadAsync(bucket, "before.csv", "x")));

        await (await admin.DeleteAsync($"/api/tenants/revoke/feed/connection/keys/{accessKeyId}")).JsonAsync(HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.Forbidden, await Api.StatusOfAsync(() => s3.UploadAsync(bucket, "after.csv", "x")));
        var connection = await admin.GetJsonAsync("/api/tenants/revoke/feed/connection");
        Assert.DoesNotContain(accessKeyId, connection.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("accessKeyId").GetString()));
        await admin.IssueKeyAsync("revoke");
    }

    [Fact]
    public async Task Tenant_token_is_refused_on_another_tenants_routes_and_on_operator_routes()
    {
        await using var service = await TestService.StartAsync();
        var adminA = await service.OnboardTenantAsync("own-a");
        await service.OnboardTenantAsync("own-b");

        Assert.Equal(HttpStatusCode.OK, (await adminA.GetAsync("/api/tenants/own-a/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminA.GetAsync("/api/tenants/own-b/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminA.PostAsync("/api/tenants/own-b/feed/connection/keys", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminA.PostAsync("/api/tenants/own-a/admin-tokens", null)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("udf.own-a.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Missing_or_invalid_token_is_401_with_a_problem(string? token)
    {
        await using var service = await TestService.StartAsync();
        await service.OnboardTenantAsync("own-a");

        var response = await service.Client(token).GetAsync("/api/tenants/own-a/users");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }
}
