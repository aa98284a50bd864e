using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Scim;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// SCIM's Groups (RFC 7644 §3): the tenant's groups, their SCIM members changed by POST, PUT, PATCH (Entra's and Okta's
/// member operations, docs/scim.md) and DELETE, which ends every SCIM membership of the group (the group stays, as a
/// group whose last member leaves does). Writes need SCIM to be the tenant's source, as for users.
/// </summary>
public static class ScimGroupEndpoints
{
    private const string ListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static async Task<ScimResourceResult> ListScimGroups(
        RouteTenant tenant, [FromQuery] string? filter, [FromQuery] int? startIndex, [FromQuery] int? count,
        [FromQuery] string? attributes, [FromQuery] string? excludedAttributes, ScimGroups groups, HttpRequest request, CancellationToken cancellationToken)
    {
        var schema = ScimSchemas.Group;
        var parsed = filter is null ? null : ScimFilterParser.Parse(filter);
        if (parsed is not null)
        {
            ScimFilterChecker.Check(parsed, schema);
            if (ScimFilterPrinter.Print(parsed).Contains("members", StringComparison.OrdinalIgnoreCase))
            {
                throw new ScimException(ScimTypes.InvalidFilter, "Filtering on members is not supported.");
            }
        }

        var evaluator = new ScimFilterEvaluator(schema);
        var candidates = parsed is not null && ScimKeyFilter.Recognise(parsed) is { Key: ScimKey.DisplayName or ScimKey.Id } key
            ? await OneAsync(tenant.Id, key, groups, cancellationToken)
            : await groups.ListAsync(tenant.Id, cancellationToken);
        var matching = candidates.Where(g => parsed is null || evaluator.Matches(parsed, new JsonResourceView(ScimGroups.ToResource(g, null, "", _ => "")))).ToList();
        var first = Math.Max(1, startIndex ?? 1);
        var size = Math.Clamp(count ?? ScimUsers.MaxResults, 0, ScimUsers.MaxResults);
        var resources = new JsonArray();
        foreach (var group in matching.Skip(first - 1).Take(size))
        {
            resources.Add(await ResourceAsync(tenant.Id, group, groups, request, attributes, excludedAttributes, cancellationToken));
        }

        return ScimResults.Resource(new JsonObject
        {
            ["schemas"] = new JsonArray(ListResponseUrn),
            ["totalResults"] = matching.Count,
            ["startIndex"] = first,
            ["itemsPerPage"] = resources.Count,
            ["Resources"] = resources,
        });
    }

    public static async Task<ScimResourceResult> GetScimGroup(
        RouteTenant tenant, string id, [FromQuery] string? attributes, [FromQuery] string? excludedAttributes, ScimGroups groups, HttpRequest request, CancellationToken cancellationToken)
    {
        var group = await groups.GetAsync(tenant.Id, id, cancellationToken);
        return ScimResults.Resource(await ResourceAsync(tenant.Id, group, groups, request, attributes, excludedAttributes, cancellationToken));
    }

    public static async Task<ScimCreatedResult> CreateScimGroup(
        RouteTenant tenant, ScimRequestBody body, ScimGroups groups, GroupStore store, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        new(await CreateAsync(tenant, body.Json, groups, store, time, http.Request, ScimWrites.Caller(http), cancellationToken));

    public static Task<ScimResourceResult> ReplaceScimGroup(
        RouteTenant tenant, string id, ScimRequestBody body, ScimGroups groups, HttpContext http, CancellationToken cancellationToken) =>
        ReplaceAsync(tenant, id, body.Json, groups, http.Request, ScimWrites.Caller(http), cancellationToken);

    public static Task<ScimResourceResult> PatchScimGroup(
        RouteTenant tenant, string id, ScimRequestBody body, ScimGroups groups, HttpContext http, CancellationToken cancellationToken) =>
        PatchAsync(tenant, id, body.Json, groups, http.Request, ScimWrites.Caller(http), cancellationToken);

    /// <summary>Ends every SCIM membership of the group; the group stays (204).</summary>
    public static async Task<NoContent> DeleteScimGroup(RouteTenant tenant, string id, ScimGroups groups, HttpContext http, CancellationToken cancellationToken)
    {
        await DeleteAsync(tenant, id, groups, ScimWrites.Caller(http), cancellationToken);
        return TypedResults.NoContent();
    }

    // The operations themselves, from a body already read: the endpoints above call them, and so does Bulk (ScimBulk).

    public static async Task<ScimResourceResult> CreateAsync(
        RouteTenant tenant, JsonNode json, ScimGroups groups, GroupStore store, TimeProvider time, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        var resource = ScimResourceBody.Read(json, ScimSchemas.Group);
        var name = ScimGroups.NameOf(resource);
        var id = GroupNames.Id(name);
        if (await store.GetAsync(tenant.Id, id, cancellationToken) is not null)
        {
            throw new ScimException(ScimTypes.Uniqueness, $"displayName: the tenant has a group named '{name}' (in any case) already.", StatusCodes.Status409Conflict);
        }

        await store.EnsureAsync(tenant.Id, new Dictionary<string, string> { [id] = name }, time.GetUtcNow(), cancellationToken);
        var group = await groups.GetAsync(tenant.Id, id, cancellationToken);
        await groups.SetMembersAsync(tenant.Record, group, [], ScimGroups.MemberIdsOf(resource), caller, cancellationToken);
        var location = ScimLocations.Of(request, tenant.Id, "Groups", id);
        return ScimResults.Resource(await ResourceAsync(tenant.Id, group, groups, request, null, null, cancellationToken), StatusCodes.Status201Created, location: location);
    }

    public static async Task<ScimResourceResult> ReplaceAsync(
        RouteTenant tenant, string id, JsonNode json, ScimGroups groups, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        var group = await groups.GetAsync(tenant.Id, id, cancellationToken);
        var resource = ScimResourceBody.Read(json, ScimSchemas.Group);
        KeepsItsName(group, resource);
        var current = await groups.MembersAsync(tenant.Id, group.Id, cancellationToken);
        await groups.SetMembersAsync(tenant.Record, group, [.. current.Select(m => m.User.UserId)], ScimGroups.MemberIdsOf(resource), caller, cancellationToken);
        return ScimResults.Resource(await ResourceAsync(tenant.Id, group, groups, request, null, null, cancellationToken));
    }

    public static async Task<ScimResourceResult> PatchAsync(
        RouteTenant tenant, string id, JsonNode json, ScimGroups groups, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        var operations = ScimPatchRequest.Parse(json);
        var group = await groups.GetAsync(tenant.Id, id, cancellationToken);
        var current = await groups.MembersAsync(tenant.Id, group.Id, cancellationToken);
        var before = ScimGroups.ToResource(group, current, "", _ => "");
        var after = new ScimPatcher(ScimSchemas.Group).Apply(before, operations).Resource;
        KeepsItsName(group, after);
        await groups.SetMembersAsync(tenant.Record, group, [.. current.Select(m => m.User.UserId)], ScimGroups.MemberIdsOf(after), caller, cancellationToken);
        return ScimResults.Resource(await ResourceAsync(tenant.Id, group, groups, request, null, null, cancellationToken));
    }

    public static async Task DeleteAsync(RouteTenant tenant, string id, ScimGroups groups, ScimCaller caller, CancellationToken cancellationToken)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        var group = await groups.GetAsync(tenant.Id, id, cancellationToken);
        var current = await groups.MembersAsync(tenant.Id, group.Id, cancellationToken);
        await groups.SetMembersAsync(tenant.Record, group, [.. current.Select(m => m.User.UserId)], [], caller, cancellationToken);
    }

    private static async Task<List<Group>> OneAsync(string tenantId, ScimKeyFilter key, ScimGroups groups, CancellationToken cancellationToken)
    {
        try
        {
            return [await groups.GetAsync(tenantId, key.Key == ScimKey.Id ? key.Value : GroupNames.Id(key.Value), cancellationToken)];
        }
        catch (ScimException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return [];
        }
    }

    /// <summary>A group as a resource; its members read only when they are to be returned (Entra asks with <c>excludedAttributes=members</c>).</summary>
    private static async Task<JsonObject> ResourceAsync(
        string tenantId, Group group, ScimGroups groups, HttpRequest request, string? attributes, string? excludedAttributes, CancellationToken cancellationToken)
    {
        var schema = ScimSchemas.Group;
        var wanted = ScimAttributeSelection.Parse(attributes, schema);
        var excluded = ScimAttributeSelection.Parse(excludedAttributes, schema);
        var members = schema.Attributes.First(a => a.Name == "members");
        var withMembers = (wanted is null || wanted.ListsWhole(null, members) || wanted.ListsAnySub(null, members)) && excluded?.ListsWhole(null, members) != true;
        var list = withMembers ? await groups.MembersAsync(tenantId, group.Id, cancellationToken) : null;
        var resource = ScimGroups.ToResource(group, list, ScimLocations.Of(request, tenantId, "Groups", group.Id), userId => ScimLocations.Of(request, tenantId, "Users", userId));
        return ScimProjection.Project(resource, schema, wanted, excluded);
    }

    /// <summary>A group's name is its identity here (its id is made from it, as the file feed names groups): a write may not change it.</summary>
    private static void KeepsItsName(Group group, JsonObject resource)
    {
        if (!string.Equals(GroupNames.Key(ScimGroups.NameOf(resource)), GroupNames.Key(group.Name), StringComparison.Ordinal))
        {
            throw new ScimException(ScimTypes.Mutability,
                $"displayName: a group's name is its identity on this platform, so '{group.Name}' cannot be renamed; create a group with the new name and move its members.");
        }
    }


}
