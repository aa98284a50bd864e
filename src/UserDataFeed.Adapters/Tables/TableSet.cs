using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// The service's tables, named with the configured prefix. Both hosts create them once, at start-up
/// (<c>TableCreation</c>); the stores only use them.
/// </summary>
public sealed class TableSet(TableServiceClient service, IOptions<TableStorageOptions> options)
{
    private readonly string prefix = options.Value.Prefix;
    private readonly Lock sync = new();
    private Task? creation;

    public TableClient Tenants => service.GetTableClient(prefix + "Tenants");

    public TableClient Users => service.GetTableClient(prefix + "Users");

    public TableClient Imports => service.GetTableClient(prefix + "Imports");

    public TableClient ImportIssues => service.GetTableClient(prefix + "ImportIssues");

    public TableClient FileClaims => service.GetTableClient(prefix + "FileClaims");

    public TableClient Leases => service.GetTableClient(prefix + "Leases");

    public TableClient Digests => service.GetTableClient(prefix + "Digests");

    public TableClient Groups => service.GetTableClient(prefix + "Groups");

    /// <summary>Who changed each tenant's feed (<see cref="AuditStore"/>).</summary>
    public TableClient Audit => service.GetTableClient(prefix + "Audit");

    /// <summary>The webhook outbox and its delivery attempts (<see cref="WebhookStore"/>).</summary>
    public TableClient WebhookDeliveries => service.GetTableClient(prefix + "WebhookDeliveries");

    /// <summary>Each tenant's recent SCIM requests (<see cref="ScimLogStore"/>).</summary>
    public TableClient ScimLog => service.GetTableClient(prefix + "ScimLog");

    /// <summary>Creates the tables that are not there yet, once per process; a failed attempt is tried again on the next call.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (creation is null || creation.IsFaulted || creation.IsCanceled)
            {
                creation = CreateAllAsync(cancellationToken);
            }

            return creation;
        }
    }

    private async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Tenants, Users, Imports, ImportIssues, FileClaims, Leases, Digests, Groups, Audit, WebhookDeliveries, ScimLog })
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }
}
