using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.S3;

namespace UserDataFeed.IntegrationTests;

/// <summary>Small helpers for calling the API and the store the way an admin or an IT team would.</summary>
public static class Api
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(path)).JsonAsync(expected);

    public static async Task<JsonElement> PutJsonAsync(this HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PutAsJsonAsync(path, body)).JsonAsync(expected);

    public static async Task<JsonElement> PostAsync(this HttpClient client, string path, HttpStatusCode expected) =>
        await (await client.PostAsync(path, null)).JsonAsync(expected);

    public static Task<JsonElement> SaveMappingAsync(this HttpClient admin, string tenantId, Dictionary<string, string> fields) =>
        admin.PutJsonAsync($"/api/tenants/{tenantId}/feed/mapping", new { fields });

    /// <summary>Issues an S3 key and returns an S3 client that uses it, as IT would with the connection details.</summary>
    public static async Task<(IAmazonS3 S3, string Bucket, string AccessKeyId, string Secret)> IssueKeyAsync(this HttpClient admin, string tenantId)
    {
        var key = await admin.PostAsync($"/api/tenants/{tenantId}/feed/connection/keys", HttpStatusCode.Created);
        var s3 = StoreClients.S3(key.GetProperty("endpoint").GetString()!, key.GetProperty("region").GetString()!,
            key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!);
        return (s3, key.GetProperty("bucket").GetString()!, key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!);
    }

    /// <summary>A plain upload: no ACL header, as <c>aws s3 cp</c> does it.</summary>
    public static Task UploadAsync(this IAmazonS3 s3, string bucket, string key, string csv) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(Encoding.UTF8.GetBytes(csv)) });

    /// <summary>Polls the tenant as an admin would and waits until every import it queued has run (ended or is held).</summary>
    public static async Task<string[]> PollAsync(this HttpClient admin, string tenantId)
    {
        var importIds = await QueuePollAsync(admin, tenantId);
        foreach (var importId in importIds)
        {
            await admin.WaitForImportAsync(tenantId, importId);
        }

        return importIds;
    }

    /// <summary>The poll's answer only: the import ids it queued (they run on a worker afterwards).</summary>
    public static async Task<string[]> QueuePollAsync(this HttpClient admin, string tenantId)
    {
        var polled = await admin.PostAsync($"/api/tenants/{tenantId}/feed/poll", HttpStatusCode.Accepted);
        return [.. polled.GetProperty("importIds").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Approves a held import (202: it is queued) and waits until it has run.</summary>
    public static async Task<JsonElement> ApproveAsync(this HttpClient admin, string tenantId, string importId)
    {
        using var response = await admin.PostAsync($"/api/tenants/{tenantId}/feed/imports/{importId}/approve", null);
        var queued = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(("running", "queued"), (queued.Str("status"), queued.GetProperty("progress").Str("phase")));
        Assert.Equal($"/api/tenants/{tenantId}/feed/imports/{importId}", response.Headers.Location?.OriginalString);
        return await admin.WaitForImportAsync(tenantId, importId);
    }

    /// <summary>Follows an import's record, as the walkthrough does, until it ended or is held; its last state.</summary>
    public static async Task<JsonElement> WaitForImportAsync(this HttpClient admin, string tenantId, string importId, int timeoutSeconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var record = await admin.GetJsonAsync($"/api/tenants/{tenantId}/feed/imports/{importId}");
            if ((record.Str("status") != "running" && !record.GetProperty("retryPending").GetBoolean()) || DateTime.UtcNow > deadline)
            {
                Assert.True(DateTime.UtcNow <= deadline, $"Import {importId} did not end within {timeoutSeconds} s: {record.GetRawText()}");
                return record;
            }

            await Task.Delay(100);
        }
    }

    public static async Task<Dictionary<string, JsonElement>> UsersAsync(this HttpClient admin, string tenantId)
    {
        var users = await admin.GetJsonAsync($"/api/tenants/{tenantId}/users?pageSize=1000");
        return users.GetProperty("items").EnumerateArray().ToDictionary(u => u.GetProperty("email").GetString()!, u => u);
    }

    /// <summary>
    /// The status an S3 call ends with. An answer that is neither a success nor 403 is asked again (up to
    /// three times): once, under the full parallel suite, RGW answered a foreign-bucket listing with a bare
    /// 400 instead of 403, and did not repeat it.
    /// </summary>
    public static async Task<HttpStatusCode> StatusOfAsync(Func<Task> s3Call)
    {
        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await s3Call();
                return HttpStatusCode.OK;
            }
            catch (AmazonS3Exception ex)
            {
                status = ex.StatusCode;
                if (status == HttpStatusCode.Forbidden)
                {
                    return status;
                }

                Console.WriteLine($"S3 answered {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}");
            }
        }

        return status;
    }

    /// <summary>The users as a user would compare them: everything but timestamps.</summary>
    public static List<string> ComparableUsers(Dictionary<string, JsonElement> users) =>
        [.. users.Values
            .Select(u => JsonSerializer.Serialize(new
            {
                email = u.Str("email"),
                first = u.Str("firstName"),
                last = u.Str("lastName"),
                status = u.Str("status"),
                roles = u.Strings("roles"),
                managers = u.Strings("managers"),
                externalId = u.Str("externalId"),
                fields = u.GetProperty("customFields").GetRawText(),
            }))
            .Order(StringComparer.Ordinal)];
}
