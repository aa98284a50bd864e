using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;

namespace UserDataFeed.IntegrationTests;

/// <summary>The service's tables are made while the host starts, and never again while it serves.</summary>
public sealed class TableCreationTests
{
    private static readonly string[] Tables =
        ["Tenants", "Users", "Imports", "ImportIssues", "FileClaims", "Leases", "Digests", "Groups", "Audit", "WebhookDeliveries", "ScimLog"];

    [Fact]
    public async Task Start_up_creates_every_table_and_requests_create_none()
    {
        var creations = new TableCreationRecorder();
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, creations));

        var prefix = service.TablePrefix;
        var made = new List<string>();
        await foreach (var table in new TableServiceClient(LocalStores.TablesConnectionString).QueryAsync($"TableName ge '{prefix}' and TableName lt '{prefix}~'"))
        {
            made.Add(table.Name);
        }

        Assert.Equal(Tables.Select(t => prefix + t).Order(StringComparer.Ordinal), made.Order(StringComparer.Ordinal));
        var atStart = creations.Count;

        Assert.Equal(HttpStatusCode.Created, (await service.Operator.PutAsJsonAsync("/api/tenants/made", new { displayName = "Made", feedEnabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Operator.GetAsync("/api/tenants/made")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Operator.GetAsync("/api/tenants/made/fields")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Operator.GetAsync("/api/tenants/made/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Operator.GetAsync("/api/tenants/made/feed/imports")).StatusCode);

        Assert.Equal(Tables.Length, atStart);
        Assert.Equal(atStart, creations.Count);
    }

    /// <summary>Counts the requests that create a table (<c>POST …/Tables</c>) among all the store traffic it carries.</summary>
    private sealed class TableCreationRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly ConcurrentQueue<string> created = new();

        public int Count => created.Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/Tables", StringComparison.Ordinal))
            {
                created.Enqueue(request.RequestUri.AbsolutePath);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
