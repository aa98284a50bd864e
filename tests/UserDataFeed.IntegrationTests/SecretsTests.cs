using System.Text;
using Amazon.S3.Model;
using Azure.Data.Tables;

namespace UserDataFeed.IntegrationTests;

public sealed class SecretsTests
{
    [Fact]
    public async Task Issued_secret_admin_token_and_operator_key_appear_in_no_table_log_report_or_token_list()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("secrets");
        var adminToken = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        await admin.SaveMappingAsync("secrets", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var (s3, bucket, _, secret) = await admin.IssueKeyAsync("secrets");
        var webhook = await admin.PutJsonAsync("/api/tenants/secrets/feed/webhooks/ops", new { url = "https://hooks.invalid/udf", events = new[] { "import.completedWithErrors" } },
            System.Net.HttpStatusCode.Created);
        var webhookSecret = webhook.GetProperty("secret").GetString()!;
        await s3.UploadAsync(bucket, "feed.csv", "Email,First,Last\nann@secrets.example,Ann,Lee\nbad,Bob,Ray\n");
        await admin.PollAsync("secrets");
        await service.Client("udf.secrets.wrong-token-wrong-token-wrong-token-wrong").GetAsync("/api/tenants/secrets/users");

        string[] secrets = [secret, adminToken, service.OperatorKey, webhookSecret];
        var haystacks = new List<(string Where, string Text)>();
        var tables = new TableServiceClient(LocalStores.TablesConnectionString);
        await foreach (var table in tables.QueryAsync($"TableName ge '{service.TablePrefix}' and TableName lt '{service.TablePrefix}~'"))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                haystacks.Add(($"table {table.Name}", string.Join("|", entity.Select(p => $"{p.Key}={p.Value}"))));
            }
        }

        var objects = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        foreach (var o in objects.S3Objects)
        {
            using var body = await service.ServiceS3().GetObjectAsync(bucket, o.Key);
            using var reader = new StreamReader(body.ResponseStream, Encoding.UTF8);
            haystacks.Add(($"object {o.Key}", await reader.ReadToEndAsync()));
        }

        haystacks.AddRange(service.Logs.Lines.Select(line => ("log", line)));
        haystacks.Add(("webhook", await (await admin.GetAsync("/api/tenants/secrets/feed/webhooks/ops")).Content.ReadAsStringAsync()));
        haystacks.Add(("deliveries", await (await admin.GetAsync("/api/tenants/secrets/feed/webhooks/ops/deliveries")).Content.ReadAsStringAsync()));
        haystacks.Add(("audit", await (await admin.GetAsync("/api/tenants/secrets/feed/audit")).Content.ReadAsStringAsync()));
        var tokenList = await (await service.Operator.GetAsync("/api/tenants/secrets/admin-tokens")).Content.ReadAsStringAsync();
        haystacks.Add(("token list", tokenList));

        Assert.Contains(haystacks, h => h.Where.StartsWith("table", StringComparison.Ordinal));
        Assert.Contains(haystacks, h => h.Where.StartsWith("object results/", StringComparison.Ordinal));
        Assert.Contains(haystacks, h => h.Where == "log");
        Assert.Contains(haystacks, h => h.Where.StartsWith("table", StringComparison.Ordinal) && h.Text.Contains("SealedSecret=", StringComparison.Ordinal));
        Assert.Contains(haystacks, h => h.Where == "deliveries" && h.Text.Contains("import.completedWithErrors", StringComparison.Ordinal));
        foreach (var s in secrets)
        {
            Assert.DoesNotContain(haystacks, h => h.Text.Contains(s, StringComparison.Ordinal));
        }

        // Tables keep the admin token's hash (to look it up); the token list and the logs show neither it nor the token.
        var tokenHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(adminToken)));
        Assert.Contains("\"id\"", tokenList, StringComparison.Ordinal);
        Assert.DoesNotContain(haystacks, h => !h.Where.StartsWith("table", StringComparison.Ordinal) && h.Text.Contains(tokenHash, StringComparison.Ordinal));
    }
}
