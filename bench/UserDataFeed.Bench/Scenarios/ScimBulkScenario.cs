using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using UserDataFeed.Bench.Generator;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Bench.Scenarios;

/// <summary>
/// B1 (issue 27): the tenant's users created through SCIM Bulk (RFC 7644 §3.7) over HTTP to the self-host in this
/// process, <see cref="OperationsPerRequest"/> POSTs a request, <see cref="Clients"/> requests in flight, as an identity
/// provider's first cycle would; timed from the first request to the last answer. A smaller warm-up on a tenant of its own
/// first, so the timed part runs compiled code on warm connections.
/// </summary>
public static class ScimBulkScenario
{
    public const int OperationsPerRequest = 50;
    public const int Clients = 8;
    private const int WarmUpUsers = 400;
    private const int Seed = 27;

    /// <summary>Creates <paramref name="rows"/> users on <paramref name="tenantId"/> (connected to SCIM first); the seconds it took and the users created.</summary>
    public static async Task<(double Seconds, ImportCounts Counts)> RunAsync(HttpClient operatorApi, string tenantId, int rows, Func<IDisposable> startCounting, CancellationToken cancellationToken)
    {
        using var warm = await ConnectAsync(operatorApi, tenantId + "-warm", cancellationToken);
        await CreateAsync(warm, HrExportGenerator.Generate(WarmUpUsers, Seed), cancellationToken);

        using var scim = await ConnectAsync(operatorApi, tenantId, cancellationToken);
        var requests = HrExportGenerator.Generate(rows, Seed).Chunk(OperationsPerRequest).Select(BulkOf).ToList();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var counting = startCounting();
        var clock = Stopwatch.StartNew();
        var (created, failed) = await SendAsync(scim, requests, cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, new ImportCounts(rows, created, 0, 0, 0, 0, failed, 0));
    }

    private static async Task<(int Created, int Failed)> CreateAsync(HttpClient scim, List<HrPerson> people, CancellationToken cancellationToken) =>
        await SendAsync(scim, [.. people.Chunk(OperationsPerRequest).Select(BulkOf)], cancellationToken);

    private static async Task<(int Created, int Failed)> SendAsync(HttpClient scim, List<byte[]> requests, CancellationToken cancellationToken)
    {
        var created = 0;
        var failed = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Clients, CancellationToken = cancellationToken }, async (body, ct) =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
            using var response = await scim.PostAsync("Bulk", content, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Bulk answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            using var answer = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            var ok = answer.RootElement.GetProperty("Operations").EnumerateArray().Count(o => o.GetProperty("status").GetString() == "201");
            Interlocked.Add(ref created, ok);
            Interlocked.Add(ref failed, OperationsPerRequest - ok);
        });
        return (created, failed);
    }

    private static byte[] BulkOf(HrPerson[] people)
    {
        var operations = new JsonArray();
        foreach (var person in people)
        {
            operations.Add(new JsonObject
            {
                ["method"] = "POST",
                ["path"] = "/Users",
                ["bulkId"] = $"u{person.Index}",
                ["data"] = new JsonObject
                {
                    ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
                    ["userName"] = person.Email,
                    ["name"] = new JsonObject { ["givenName"] = person.FirstName, ["familyName"] = person.LastName },
                    ["active"] = true,
                },
            });
        }

        var request = new JsonObject { ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:BulkRequest"), ["Operations"] = operations };
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    /// <summary>Makes SCIM the tenant's source with a token of its own, as an admin connects an identity provider; a client at its SCIM base URL.</summary>
    private static async Task<HttpClient> ConnectAsync(HttpClient operatorApi, string tenantId, CancellationToken cancellationToken)
    {
        await TenantSetup.OnboardAsync(operatorApi, tenantId, cancellationToken);
        await TenantSetup.SucceedAsync(operatorApi.PutAsJsonAsync($"/api/tenants/{tenantId}/feed/settings", new { hold = new { percent = 20, minimum = 10 }, staleAfter = (string?)null, source = "scim" }, cancellationToken));
        var issued = await (await TenantSetup.SucceedAsync(operatorApi.PostAsJsonAsync($"/api/tenants/{tenantId}/scim/tokens", new { label = "bench" }, cancellationToken)))
            .Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var client = new HttpClient { BaseAddress = new Uri(operatorApi.BaseAddress!, $"/api/tenants/{tenantId}/scim/v2/"), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("token").GetString());
        return client;
    }
}
