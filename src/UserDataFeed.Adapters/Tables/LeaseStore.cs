using Azure;
using Azure.Data.Tables;

namespace UserDataFeed.Adapters.Tables;

/// <summary>A held lease: who holds it, until when, and the row version that proves it is still theirs.</summary>
public sealed record Lease(string Name, string Owner, DateTimeOffset ExpiresAt, ETag ETag);

/// <summary>
/// Leases in Table Storage with optimistic concurrency: only one process at a time works on a tenant's
/// feed. A lease that is not renewed expires, and the next poller takes it over (and resumes the work).
/// </summary>
public sealed class LeaseStore(TableSet tables)
{
    private const string Row = "lease";

    public async Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(name, Row) { ["Owner"] = owner, ["ExpiresAt"] = now + duration };
        var current = await tables.Leases.GetEntityIfExistsAsync<TableEntity>(name, Row, cancellationToken: cancellationToken);
        try
        {
            if (!current.HasValue)
            {
                var added = await tables.Leases.AddEntityAsync(entity, cancellationToken);
                return new Lease(name, owner, now + duration, added.Headers.ETag ?? default);
            }

            var held = current.Value!;
            if (held.GetString("Owner") != owner && held.GetDateTimeOffset("ExpiresAt") > now)
            {
                return null;
            }

            var updated = await tables.Leases.UpdateEntityAsync(entity, held.ETag, TableUpdateMode.Replace, cancellationToken);
            return new Lease(name, owner, now + duration, updated.Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another process got there first, or our own write landed and only its response was lost.
            var found = await tables.Leases.GetEntityIfExistsAsync<TableEntity>(name, Row, cancellationToken: cancellationToken);
            return found.HasValue && found.Value!.GetString("Owner") == owner && found.Value.GetDateTimeOffset("ExpiresAt") == now + duration
                ? new Lease(name, owner, now + duration, found.Value.ETag)
                : null;
        }
    }

    /// <summary>Extends a lease this process holds; null when it was lost (expired and taken over).</summary>
    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(lease.Name, Row) { ["Owner"] = lease.Owner, ["ExpiresAt"] = now + duration };
        try
        {
            var updated = await tables.Leases.UpdateEntityAsync(entity, lease.ETag, TableUpdateMode.Replace, cancellationToken);
            return lease with { ExpiresAt = now + duration, ETag = updated.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Leases.DeleteEntityAsync(lease.Name, Row, lease.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already expired and taken over: nothing of ours to release.
        }
    }
}
