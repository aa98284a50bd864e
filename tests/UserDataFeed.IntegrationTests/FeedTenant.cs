using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace UserDataFeed.IntegrationTests;

/// <summary>A tenant set up end to end (mapping saved, S3 key issued) that imports files the way IT drops them.</summary>
public sealed class FeedTenant
{
    public static readonly Dictionary<string, string> FullMapping = new()
    {
        ["email"] = "Email",
        ["firstName"] = "First",
        ["lastName"] = "Last",
        ["status"] = "Status",
        ["roles"] = "Roles",
        ["managers"] = "Manager",
        ["externalId"] = "EmployeeId",
        ["custom.department"] = "Dept",
    };

    private int uploads;

    private FeedTenant(string tenantId, HttpClient admin, IAmazonS3 s3, string bucket)
    {
        TenantId = tenantId;
        Admin = admin;
        S3 = s3;
        Bucket = bucket;
    }

    public string TenantId { get; }

    public HttpClient Admin { get; }

    /// <summary>S3 client with the tenant's issued key.</summary>
    public IAmazonS3 S3 { get; }

    public string Bucket { get; }

    /// <param name="moreFields">Custom fields besides "department".</param>
    public static async Task<FeedTenant> CreateAsync(IApiHost service, string tenantId, Dictionary<string, string>? mapping = null, params (string Key, string Label)[] moreFields)
    {
        var admin = await service.OnboardTenantAsync(tenantId, [("department", "Department"), .. moreFields]);
        await admin.SaveMappingAsync(tenantId, mapping ?? FullMapping);
        var (s3, bucket, _, _) = await admin.IssueKeyAsync(tenantId);
        return new FeedTenant(tenantId, admin, s3, bucket);
    }

    /// <summary>Uploads a file with the tenant's key, polls, and returns the import record once it ended (or is held).</summary>
    public Task<JsonElement> ImportAsync(string csv) => ImportAsync(Encoding.UTF8.GetBytes(csv));

    public async Task<JsonElement> ImportAsync(byte[] file)
    {
        var key = $"exports/file-{Interlocked.Increment(ref uploads)}.csv";
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(file) });
        var importId = Assert.Single(await Admin.QueuePollAsync(TenantId));
        return await Admin.WaitForImportAsync(TenantId, importId);
    }

    public Task<Dictionary<string, JsonElement>> UsersAsync() => Admin.UsersAsync(TenantId);

    /// <summary>Turns the users' histories off (historyRetentionDays 0), the other settings kept.</summary>
    public async Task KeepNoHistoryAsync()
    {
        var settings = System.Text.Json.Nodes.JsonNode.Parse((await Admin.GetJsonAsync($"/api/tenants/{TenantId}/feed/settings")).GetRawText())!;
        settings["historyRetentionDays"] = 0;
        await Admin.PutJsonAsync($"/api/tenants/{TenantId}/feed/settings", settings);
    }

    /// <summary>The tenant's imports, newest first, once at least <paramref name="count"/> exist and none is running (or after a minute).</summary>
    public async Task<List<JsonElement>> ImportsOnceEndedAsync(int count)
    {
        for (var i = 0; ; i++)
        {
            var imports = (await Admin.GetJsonAsync($"/api/tenants/{TenantId}/feed/imports")).GetProperty("items").EnumerateArray().ToList();
            if ((imports.Count >= count && imports.All(r => r.Str("status") != "running")) || i == 600)
            {
                return imports;
            }

            await Task.Delay(100);
        }
    }

    public Task<JsonElement> IssuesAsync(string importId) => Admin.GetJsonAsync($"/api/tenants/{TenantId}/feed/imports/{importId}/errors");

    public Task PutPlatformUserAsync(string email, params string[] roles) =>
        Admin.PutJsonAsync($"/api/tenants/{TenantId}/users/{email}", new { firstName = "Pat", lastName = "Form", roles }, HttpStatusCode.Created);

    /// <summary>Reads an object with the tenant's own key (what IT can see).</summary>
    public async Task<string> ReadAsTenantAsync(string key)
    {
        using var response = await S3.GetObjectAsync(Bucket, key);
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}

public static class JsonElementExtensions
{
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    public static int Count(this JsonElement record, string name) => record.GetProperty("counts").GetProperty(name).GetInt32();

    public static string[] Strings(this JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!)];
}
