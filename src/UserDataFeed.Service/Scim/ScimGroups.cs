using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Scim;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The tenant's groups as SCIM Group resources (RFC 7643 §4.2). A group's members, as SCIM sees them, are the memberships
/// the provisioning source gave (a user's feed groups); those the platform gave are not SCIM's to see or end. A change of
/// members is a change of each member's groups, written through the feed's per-user decision
/// (<see cref="ScimUsers.WriteAsync"/>), one member at a time. A group's name is its identity on the platform (its id is
/// made from it, as the file feed names groups), so a rename is refused.
/// </summary>
public sealed class ScimGroups(GroupStore groups, ScimUserStore userStore, ScimUsers users)
{
    /// <summary>The most members one request may add or remove.</summary>
    public const int MaxMembersChanged = 1000;

    public async Task<Group> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        (GroupNames.IsId(id) ? await groups.GetAsync(tenantId, id, cancellationToken) : null)
            ?? throw ScimErrors.Untyped(404, $"There is no group with id '{id}' in this tenant.");

    /// <summary>Every group of the tenant (they are few: a user has at most 20), in id order.</summary>
    public async Task<List<Group>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var all = new List<Group>();
        string? token = null;
        do
        {
            (var page, token) = await groups.ListAsync(tenantId, token, 1000, cancellationToken);
            all.AddRange(page);
        }
        while (token is not null);
        return all;
    }

    /// <summary>The group's members that SCIM gave, each with their id.</summary>
    public async Task<List<StoredUser>> MembersAsync(string tenantId, string groupId, CancellationToken cancellationToken)
    {
        var emails = new List<string>();
        string? token = null;
        do
        {
            (var page, token) = await groups.ListMembersAsync(tenantId, groupId, token, 1000, cancellationToken);
            emails.AddRange(page.Where(m => m.Feed).Select(m => m.Email));
        }
        while (token is not null);

        var found = new ConcurrentBag<StoredUser>();
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (email, ct) =>
        {
            if (await userStore.GetByEmailAsync(tenantId, email, ct) is { } user)
            {
                found.Add(user);
            }
        });
        List<StoredUser> members = [.. found.OrderBy(u => u.User.Email, StringComparer.Ordinal)];
        await userStore.IndexAsync(tenantId, members, cancellationToken);
        return members;
    }

    /// <summary>
    /// A group as a resource. Its members carry no <c>type</c> (all are users): a client removing members by a value list
    /// sends none (Entra), and a value matches only one of the same type (docs/scim.md).
    /// </summary>
    public static JsonObject ToResource(Group group, IReadOnlyList<StoredUser>? members, string location, Func<string, string> userLocation)
    {
        var resource = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.GroupUrn),
            ["id"] = group.Id,
            ["displayName"] = group.Name,
        };
        if (members is not null)
        {
            resource["members"] = new JsonArray([.. members.Select(m => (JsonNode)new JsonObject
            {
                ["value"] = m.User.UserId,
                ["display"] = m.User.Email,
                ["$ref"] = userLocation(m.User.UserId),
            })]);
        }

        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "Group",
            ["created"] = group.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["location"] = location,
        };
        return resource;
    }

    /// <summary>The name a new group may have, or a SCIM error: as a file's group name (trimmed, at most <see cref="GroupNames.MaxLength"/>), without the separators a file's groups column uses.</summary>
    public static string NameOf(JsonObject resource)
    {
        var name = new JsonResourceView(resource).ValuesOf(AttributePath.Of("displayName")) is [JsonValue value] ? value.GetValue<string>().Trim() : "";
        if (name.Length == 0)
        {
            throw new ScimException(ScimTypes.InvalidValue, "displayName is required: it is the group's name.");
        }

        if (name.Length > GroupNames.MaxLength || name.Contains('|', StringComparison.Ordinal) || name.Contains(',', StringComparison.Ordinal))
        {
            throw new ScimException(ScimTypes.InvalidValue,
                $"displayName: a group's name has at most {GroupNames.MaxLength} characters and no '|' or ',' (the file feed separates a user's groups with them).");
        }

        return name;
    }

    /// <summary>The member ids a resource lists.</summary>
    public static IReadOnlyList<string> MemberIdsOf(JsonObject resource) =>
        [.. new JsonResourceView(resource).ValuesOf(AttributePath.Of("members", "value")).OfType<JsonValue>().Select(v => v.GetValue<string>()).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Makes the group's SCIM members <paramref name="wanted"/>, from <paramref name="current"/>: each user to add or
    /// remove is checked to exist first (an unknown id is <c>invalidValue</c> and nothing is written), then changed.
    /// </summary>
    public async Task SetMembersAsync(
        Tenant tenant, Group group, IReadOnlyList<string> current, IReadOnlyList<string> wanted, ScimCaller caller, CancellationToken cancellationToken)
    {
        var added = wanted.Except(current, StringComparer.Ordinal).ToList();
        var removed = current.Except(wanted, StringComparer.Ordinal).ToList();
        if (added.Count + removed.Count > MaxMembersChanged)
        {
            throw new ScimException("tooMany", $"A request may add or remove at most {MaxMembersChanged:N0} members; this one changes {added.Count + removed.Count:N0}.");
        }

        foreach (var id in added)
        {
            if (await userStore.GetByIdAsync(tenant.TenantId, id, cancellationToken) is null)
            {
                throw new ScimException(ScimTypes.InvalidValue, $"members: '{id}' is not the id of a user of this tenant.");
            }
        }

        var mapping = await users.MappingAsync(tenant, cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { [group.Id] = group.Name };
        foreach (var (id, member) in added.Select(id => (id, true)).Concat(removed.Select(id => (id, false))))
        {
            await users.WriteAsync(tenant, mapping, id, ifMatch: null, async named => await users.ToResourceAsync(tenant.TenantId, mapping, named!, "", cancellationToken), caller, cancellationToken,
                groupsOf: async named => await NamesAsync(tenant.TenantId, Toggled(named.User.FeedGroups, group.Id, member), names, cancellationToken));
        }
    }

    private static IEnumerable<string> Toggled(IReadOnlyList<string> ids, string groupId, bool member) =>
        member ? ids.Append(groupId).Distinct(StringComparer.Ordinal) : ids.Where(id => id != groupId);

    private async Task<IReadOnlyList<string>> NamesAsync(string tenantId, IEnumerable<string> ids, Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var id in ids)
        {
            if (!names.TryGetValue(id, out var name))
            {
                name = (await groups.GetAsync(tenantId, id, cancellationToken))?.Name ?? id;
                names[id] = name;
            }

            result.Add(name);
        }

        return result;
    }
}
