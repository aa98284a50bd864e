using Microsoft.Extensions.Options;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Import;

/// <summary>
/// What a held import would deactivate, so an admin can judge it: each user (email, id, external id, name) and why, the
/// reason their history would give (<see cref="UserHistory.DeactivationReason"/>). Recorded under the import (the list
/// route pages them) and written to <c>results/&lt;importId&gt;.deactivations.csv</c> for IT. The plan's deactivations are
/// taken a chunk at a time, so a file that would deactivate a million users is never one list in memory; a user the plan
/// knows only by summary is read for their id and name.
/// </summary>
public sealed class HeldDeactivations(UserStore users, ImportStore imports, FeedBuckets buckets, IOptions<FeedOptions> options)
{
    private const int ChunkSize = 500;

    /// <summary>Records and reports the deactivations of <paramref name="plan"/>, which holds <paramref name="record"/>; returns how many.</summary>
    public async Task<int> RecordAsync(Tenant tenant, ImportRecord record, ImportPlan plan, CancellationToken cancellationToken)
    {
        await using var csv = TemporaryFile.Create();
        var count = 0;
        foreach (var chunk in plan.Changes.Where(c => c.Kind == ChangeKind.Deactivate).Chunk(ChunkSize))
        {
            var listed = await DescribeAsync(tenant.TenantId, chunk, cancellationToken);
            await imports.AddDeactivationsAsync(tenant.TenantId, record.ImportId, count, listed, options.Value.MaxParallelBatches, cancellationToken);
            ImportReports.WriteDeactivationsCsv(listed, csv, withHeader: count == 0);
            count += listed.Count;
        }

        if (count == 0)
        {
            ImportReports.WriteDeactivationsCsv([], csv, withHeader: true);
        }

        csv.Position = 0;
        await buckets.PutStreamAsync(tenant.Bucket, BucketLayout.DeactivationsKey(record.ImportId), csv, "text/csv; charset=utf-8", cancellationToken);
        return count;
    }

    /// <summary>Each change's user and reason; the users patched unread are read (one point read each) for what the plan does not know of them.</summary>
    private async Task<List<PlannedDeactivation>> DescribeAsync(string tenantId, UserChange[] changes, CancellationToken cancellationToken)
    {
        var unread = changes.OfType<UserChange.Patch>().Select(p => EmailAddress.Normalize(p.Email)).ToList();
        var records = unread.Count == 0 ? [] : (await users.GetManyAsync(tenantId, unread, cancellationToken))
            .ToDictionary(r => EmailAddress.Normalize(r.Email), StringComparer.Ordinal);
        return [.. changes.Select(change =>
        {
            var reason = UserHistory.DeactivationReason(change);
            var user = change is UserChange.Replace replace ? replace.User : records.GetValueOrDefault(EmailAddress.Normalize(change.Email));
            return user is null
                ? new PlannedDeactivation(change.Email, null, null, "", "", reason) // gone since the plan was made
                : new PlannedDeactivation(user.Email, user.UserId, user.ExternalId, user.FirstName, user.LastName, reason);
        })];
    }
}
