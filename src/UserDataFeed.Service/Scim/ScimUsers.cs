using System.Text.Json.Nodes;
using Azure;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Scim;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The tenant's users as SCIM User resources, and SCIM's writes to them. A write is one feed row planned by the feed's
/// rules (<see cref="ImportPlanner.PlanRequest"/>) against the users it concerns, read in full with their ETags, and
/// written in one transaction under those ETags (<see cref="ScimUserStore.WriteAsync"/>), between two moves of the tenant's
/// digest version (<see cref="DigestStore.BumpVersionAsync"/>), as a platform edit is: a write that finds a user changed
/// since is planned again from a fresh read (at most <see cref="MostTries"/> times), or, when the client asked for a
/// version (<c>If-Match</c>), answered 412.
/// </summary>
public sealed class ScimUsers(ScimUserStore store, MappingStore fields, DigestStore digests, GroupStore groupStore, ScimDeactivationHold hold, TimeProvider time)
{
    public const int MostTries = 3;

    /// <summary>Set within <see cref="WithDigestMovedAroundAsync"/>: the writes under it leave the digest's version to it.</summary>
    private static readonly AsyncLocal<bool> DigestMovedAround = new();

    /// <summary>
    /// Runs <paramref name="writes"/> (a Bulk request's operations) between one move of the tenant's digest version before
    /// them all and one after, instead of two moves for each write: every write still lands between two moves, so no file's
    /// plan trusts a digest that misses one, and the version's row is not fought over by each user a request writes.
    /// </summary>
    public async Task<T> WithDigestMovedAroundAsync<T>(string tenantId, Func<Task<T>> writes, CancellationToken cancellationToken)
    {
        await digests.BumpVersionAsync(tenantId, cancellationToken);
        try
        {
            DigestMovedAround.Value = true;
            return await writes();
        }
        finally
        {
            DigestMovedAround.Value = false;
            await digests.BumpVersionAsync(tenantId, CancellationToken.None);
        }
    }

    /// <summary>The tenant's mapping of SCIM attributes to its fields (its custom fields among them).</summary>
    public async Task<ScimUserMapping> MappingAsync(Tenant tenant, CancellationToken cancellationToken) =>
        new([.. (await fields.ListFieldsAsync(tenant.TenantId, cancellationToken)).Select(f => f.Key)], tenant.ScimAttributes);

    /// <summary>The user with this id, or a 404 SCIM error.</summary>
    public async Task<StoredUser> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await store.GetByIdAsync(tenantId, id, cancellationToken) ?? throw NotFound(id);

    /// <summary>The most resources one page of a list holds (ServiceProviderConfig's <c>filter.maxResults</c>).</summary>
    public const int MaxResults = 200;

    /// <summary>
    /// The users a filter selects (every user without one), in the order of their emails, and how many there are. The
    /// keys identity providers match users by are looked up (<see cref="ScimKeyFilter"/>: <c>id</c>, <c>userName</c>, an
    /// email, in a point read; <c>externalId</c>, by the store's filter); any other filter reads every user of the tenant.
    /// The filter is still run on what a key found.
    /// </summary>
    /// <param name="startIndex">The 1-based position of the page's first user (RFC 7644 §3.4.2.4).</param>
    public async Task<(IReadOnlyList<StoredUser> Page, int Total)> ListAsync(
        string tenantId, ScimUserMapping mapping, ScimFilter? filter, int startIndex, int count, CancellationToken cancellationToken)
    {
        var schema = mapping.Schema;
        var evaluator = new ScimFilterEvaluator(schema);
        var page = new List<StoredUser>();
        var total = 0;
        await foreach (var user in CandidatesAsync(tenantId, filter, cancellationToken))
        {
            if (filter is not null && !evaluator.Matches(filter, new JsonResourceView(mapping.ToResource(user.User, managerId: null, new ScimResourceMeta("", VersionOf(user.ETag))))))
            {
                continue;
            }

            total++;
            if (total >= startIndex && page.Count < count)
            {
                page.Add(user);
            }
        }

        return (page, total);
    }

    private async IAsyncEnumerable<StoredUser> CandidatesAsync(string tenantId, ScimFilter? filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (filter is null ? null : ScimKeyFilter.Recognise(filter))
        {
            case { Key: ScimKey.Id, Value: var id }:
                if (await store.GetByIdAsync(tenantId, id, cancellationToken) is { } byId)
                {
                    yield return byId;
                }

                yield break;
            case { Key: ScimKey.UserName or ScimKey.Email or ScimKey.WorkEmail, Value: var email }:
                if (EmailAddress.IsValid(email.Trim()) && await store.GetByEmailAsync(tenantId, email.Trim(), cancellationToken) is { } byEmail)
                {
                    yield return byEmail;
                }

                yield break;
            case { Key: ScimKey.ExternalId, Value: var externalId }:
                await foreach (var user in store.ListAsync(tenantId, ScimUserStore.WithExternalId(externalId), cancellationToken))
                {
                    yield return user;
                }

                yield break;
            default:
                await foreach (var user in store.ListAsync(tenantId, storeFilter: null, cancellationToken))
                {
                    yield return user;
                }

                yield break;
        }
    }

    /// <summary>Makes the users shown reachable by their ids (<see cref="ScimUserStore.IndexAsync"/>).</summary>
    public Task IndexAsync(string tenantId, IEnumerable<StoredUser> shown, CancellationToken cancellationToken) => store.IndexAsync(tenantId, shown, cancellationToken);

    /// <summary>A user as a resource, with their manager's id (one read when they have a manager).</summary>
    public async Task<JsonObject> ToResourceAsync(string tenantId, ScimUserMapping mapping, StoredUser user, string location, CancellationToken cancellationToken)
    {
        var managerId = user.User.Managers is [var manager, ..] ? (await store.GetByEmailAsync(tenantId, manager, cancellationToken))?.User.UserId : null;
        return mapping.ToResource(user.User, managerId, new ScimResourceMeta(location, VersionOf(user.ETag)));
    }

    /// <summary>A resource's version: the entity's ETag, as the <c>ETag</c> header sends it.</summary>
    public static string VersionOf(ETag etag) => etag.ToString();

    /// <summary>
    /// Writes what a request makes of its user: <paramref name="resourceOf"/> is given the user as read (null for a
    /// creation) and returns the whole resource to write (already checked against the schema). Returns the user as written.
    /// </summary>
    /// <param name="id">The user the request names, or null for a creation.</param>
    /// <param name="ifMatch">The version the client requires the user to have (its <c>If-Match</c>), or null.</param>
    /// <param name="groupsOf">For a change of the user's groups: the names of the groups SCIM puts them in, given the user as read.</param>
    public async Task<StoredUser> WriteAsync(
        Tenant tenant, ScimUserMapping mapping, string? id, string? ifMatch, Func<StoredUser?, Task<JsonObject>> resourceOf, ScimCaller caller, CancellationToken cancellationToken,
        Func<StoredUser, Task<IReadOnlyList<string>>>? groupsOf = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var named = id is null ? null : await GetAsync(tenant.TenantId, id, cancellationToken);
            if (named is not null && ifMatch is not null && !VersionMatches(ifMatch, named.ETag))
            {
                throw PreconditionFailed(id!);
            }

            var resource = await resourceOf(named);
            var groups = groupsOf is null || named is null ? null : await groupsOf(named);
            try
            {
                return await PlanAndWriteAsync(tenant, mapping, named, resource, groups, caller, cancellationToken);
            }
            catch (ScimUserStore.ConflictException) when (ifMatch is null && attempt < MostTries)
            {
                // Another write came first: planned again from a fresh read.
            }
            catch (ScimUserStore.ConflictException conflict) when (ifMatch is not null)
            {
                throw new ScimException("", $"{conflict.Message} Read the user again and send its new version.", StatusPreconditionFailed);
            }
            catch (ScimUserStore.ConflictException conflict)
            {
                throw new ScimException("", $"{conflict.Message} Tried {MostTries} times; try again.", StatusConflict);
            }
        }
    }

    private async Task<StoredUser> PlanAndWriteAsync(
        Tenant tenant, ScimUserMapping mapping, StoredUser? named, JsonObject resource, IReadOnlyList<string>? groups, ScimCaller caller, CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId;
        var read = new List<StoredUser>();
        if (named is not null)
        {
            read.Add(named);
        }

        // The manager is named by id: read them first, so the row can name them by email as a file's row does.
        var managerId = new JsonResourceView(resource).ValuesOf(new AttributePath(ScimSchemas.EnterpriseUserUrn, "manager", "value")) is [JsonValue value] ? value.GetValue<string>() : null;
        StoredUser? manager = null;
        if (managerId is not null)
        {
            manager = managerId == named?.User.UserId ? named : await store.GetByIdAsync(tenantId, managerId, cancellationToken)
                ?? throw new ScimException(ScimTypes.InvalidValue, $"manager.value '{managerId}' is not the id of a user of this tenant.");
            if (manager != named)
            {
                read.Add(manager);
            }
        }

        var row = mapping.ToRow(resource, _ => manager!.User.Email, Core.Mapping.FeedDates.Zone(tenant.TimeZone), groups);
        var email = row.Row.Values[row.Layout.Email];
        if (EmailAddress.IsValid(email) && !read.Any(u => EmailAddress.Normalize(u.User.Email) == EmailAddress.Normalize(email))
            && await store.GetByEmailAsync(tenantId, email, cancellationToken) is { } holder)
        {
            read.Add(holder);
        }

        var now = time.GetUtcNow();
        var outcome = ImportPlanner.PlanRequest(row.Row, row.Layout, read.Select(u => u.User), named is null ? null : EmailAddress.Normalize(named.User.Email), now);
        var plan = outcome is PlanOutcome.Planned planned ? planned.Plan : throw new InvalidOperationException($"A request's plan is always made: {outcome}.");
        if (plan.Issues.FirstOrDefault(i => i.Severity == IssueSeverity.Error) is { } error)
        {
            throw error.Code == "email-taken"
                ? new ScimException(ScimTypes.Uniqueness, $"userName: {error.Message}", StatusConflict)
                : new ScimException(ScimTypes.InvalidValue, $"{error.Column}: {error.Message}");
        }

        List<UserChange> changes = [.. plan.Changes];
        var target = changes.FirstOrDefault(c => c.Row == 1);
        if (target is null)
        {
            return named ?? throw new InvalidOperationException("A creation always changes its user.");
        }

        if (target.Kind == ChangeKind.Deactivate)
        {
            // The stream's safety hold (ScimDeactivationHold): only a write that deactivates its user asks it.
            switch (await hold.AdmitAsync(tenant, new ScimDeactivation(named?.User.UserId ?? "", named?.User.Email ?? "", caller.TokenId, caller.Operation), cancellationToken))
            {
                case ScimHoldAnswer.Held held:
                    throw new ScimRetryLaterException(held.Reason, held.RetryAfter);
                case ScimHoldAnswer.Refused refused:
                    throw ScimErrors.Untyped(403, refused.Reason);
            }
        }

        await groupStore.EnsureAsync(tenantId, plan.Groups, now, cancellationToken);
        var etags = read.ToDictionary(u => UserStore.RowKeyOf(u.User.Email), u => u.ETag, StringComparer.Ordinal);
        // As a platform edit does (UserStore.UpsertAsync): the digest's version moves before and after, so no file's plan trusts a digest that misses this write.
        var movesDigest = !DigestMovedAround.Value;
        if (movesDigest)
        {
            await digests.BumpVersionAsync(tenantId, cancellationToken);
        }

        var written = await store.WriteAsync(tenantId, changes, etags, tenant.KeepsHistory ? caller.Source() : null, cancellationToken);
        if (movesDigest)
        {
            await digests.BumpVersionAsync(tenantId, cancellationToken);
        }

        var user = target switch
        {
            UserChange.Create create => create.User,
            UserChange.Replace replace => replace.User,
            _ => throw new InvalidOperationException("A request plans against records it read, so it never patches."),
        };
        return new StoredUser(user, written[UserStore.RowKeyOf(user.Email)], Indexed: true);
    }

    /// <summary>Whether an <c>If-Match</c> value names this version (or is <c>*</c>).</summary>
    public static bool VersionMatches(string ifMatch, ETag current) =>
        ifMatch.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v == current.ToString() || v == "W/" + current.ToString() || "W/" + v == current.ToString());

    public static ScimException NotFound(string id) => new("", $"There is no user with id '{id}' in this tenant.", StatusNotFound);

    public static ScimException PreconditionFailed(string id) =>
        new("", $"The user '{id}' has changed since the version in If-Match. Read it again and send its new version.", StatusPreconditionFailed);

    private const int StatusNotFound = 404, StatusConflict = 409, StatusPreconditionFailed = 412;
}
