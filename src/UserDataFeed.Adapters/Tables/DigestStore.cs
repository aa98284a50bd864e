using Azure;
using Azure.Data.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Adapters.Tables;

/// <summary>
/// Each tenant's user digest (<see cref="UserSummary"/> of every user), kept so a run need not read every
/// user record: chunks of compressed bytes under a head row. A version row counts writes to the users;
/// every writer bumps it before writing, and a digest is trusted only while its version is the current one.
/// </summary>
/// <param name="Bytes">The digest as <see cref="UserDigest.Serialize"/> wrote it: the caller reads it beside what it plans.</param>
public sealed record LoadedDigest(Stream Bytes, string Stamp);

public sealed class DigestStore(TableSet tables)
{
    private const string HeadRow = "head";
    private const string VersionRow = "version";
    private const int PropertyBytes = 60 * 1024;
    private const int PropertiesPerChunk = 8;

    /// <summary>The tenant's digest, or null when there is none or users were written since it was made.</summary>
    public async Task<LoadedDigest?> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var head = await tables.Digests.GetEntityIfExistsAsync<TableEntity>(tenantId, HeadRow, cancellationToken: cancellationToken);
        if (!head.HasValue || head.Value!.GetInt64("Version") != await CurrentVersionAsync(tenantId, cancellationToken)
            || head.Value.GetString("Stamp") is not { } stamp)
        {
            return null;
        }

        return new LoadedDigest(await ReadChunksAsync(tenantId, stamp, cancellationToken), stamp);
    }

    /// <summary>
    /// The digest saved under <paramref name="stamp"/>, current or not: what a run planned against, while no later
    /// digest replaced it. Null when it is gone.
    /// </summary>
    public async Task<Stream?> LoadStampAsync(string tenantId, string stamp, CancellationToken cancellationToken)
    {
        var head = await tables.Digests.GetEntityIfExistsAsync<TableEntity>(tenantId, HeadRow, cancellationToken: cancellationToken);
        return head.HasValue && head.Value!.GetString("Stamp") == stamp ? await ReadChunksAsync(tenantId, stamp, cancellationToken) : null;
    }

    private async Task<Stream> ReadChunksAsync(string tenantId, string stamp, CancellationToken cancellationToken)
    {
        var pieces = new List<byte[]>();
        await foreach (var chunk in QueryChunksAsync(tenantId, stamp, keysOnly: false, cancellationToken))
        {
            for (var i = 0; chunk.GetBinary($"D{i}") is { } part; i++)
            {
                pieces.Add(part);
            }
        }

        return DigestPieces.ForReading(pieces);
    }

    /// <summary>Marks every digest of the tenant stale; returns the new version. Call before writing users.</summary>
    public async Task<long> BumpVersionAsync(string tenantId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await tables.Digests.GetEntityIfExistsAsync<TableEntity>(tenantId, VersionRow, cancellationToken: cancellationToken);
            var next = (current.HasValue ? current.Value!.GetInt64("Counter") ?? 0 : 0) + 1;
            var entity = new TableEntity(tenantId, VersionRow) { ["Counter"] = next };
            try
            {
                if (current.HasValue)
                {
                    await tables.Digests.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await tables.Digests.AddEntityAsync(entity, cancellationToken);
                }

                return next;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // another writer bumped it at the same moment: read and try again
            }
        }
    }

    /// <summary>Saves the digest made at <paramref name="version"/>; it is used only while no writer bumps the version.</summary>
    public async Task SaveAsync(string tenantId, IReadOnlyCollection<UserSummary> users, long version, CancellationToken cancellationToken)
    {
        var previous = await tables.Digests.GetEntityIfExistsAsync<TableEntity>(tenantId, HeadRow, cancellationToken: cancellationToken);
        var stamp = Guid.NewGuid().ToString("N");
        var uploads = new DigestUploads(PropertyBytes, PropertiesPerChunk, parallelism: 4, async (c, pieces, ct) =>
        {
            var entity = new TableEntity(tenantId, ChunkRow(stamp, c));
            for (var i = 0; i < pieces.Count; i++)
            {
                entity[$"D{i}"] = pieces[i];
            }

            await tables.Digests.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        });
        await UserDigest.SerializeAsync(users, uploads, cancellationToken);
        await uploads.CompleteAsync(cancellationToken);
        var chunks = uploads.Chunks;
        await tables.Digests.UpsertEntityAsync(
            new TableEntity(tenantId, HeadRow) { ["Stamp"] = stamp, ["Version"] = version, ["Chunks"] = chunks, ["Users"] = users.Count },
            TableUpdateMode.Replace,
            cancellationToken);

        if (previous.HasValue && previous.Value!.GetString("Stamp") is { } old)
        {
            await foreach (var chunk in QueryChunksAsync(tenantId, old, keysOnly: true, cancellationToken))
            {
                await tables.Digests.DeleteEntityAsync(tenantId, chunk.RowKey, ETag.All, cancellationToken);
            }
        }
    }

    /// <summary>The count of writes to the tenant's users: it moves whenever anyone writes them.</summary>
    public async Task<long> CurrentVersionAsync(string tenantId, CancellationToken cancellationToken)
    {
        var version = await tables.Digests.GetEntityIfExistsAsync<TableEntity>(tenantId, VersionRow, cancellationToken: cancellationToken);
        return version.HasValue ? version.Value!.GetInt64("Counter") ?? 0 : 0;
    }

    /// <summary>
    /// The chunk rows of a digest, a page per chunk (a chunk is ≈ 500 KB of bytes, ≈ 650 KB of JSON), so reading a
    /// large digest never holds more than one response; with <paramref name="keysOnly"/>, only their row keys.
    /// </summary>
    private IAsyncEnumerable<TableEntity> QueryChunksAsync(string tenantId, string? stamp, bool keysOnly, CancellationToken cancellationToken)
    {
        var prefix = ChunkPrefix(stamp ?? "");
        return tables.Digests.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {prefix + "~"}"),
            maxPerPage: keysOnly ? null : 1,
            select: keysOnly ? ["RowKey"] : null,
            cancellationToken: cancellationToken);
    }

    private static string ChunkPrefix(string stamp) => $"chunk|{stamp}|";

    private static string ChunkRow(string stamp, int index) => $"{ChunkPrefix(stamp)}{index:D5}";
}
