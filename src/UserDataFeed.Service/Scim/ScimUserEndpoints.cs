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
/// SCIM's Users (RFC 7644 §3): read by id, listed with a filter and pages, created, replaced, patched and deleted. Every
/// write is the feed's per-user decision on one row (<see cref="ScimUsers.WriteAsync"/>); DELETE deactivates, since a
/// learning record is never destroyed by a provisioning client. Writes need the tenant's users to come from SCIM
/// (<see cref="UsersSource.Scim"/>); reads do not, so an identity provider can be connected and tested first.
/// A <see cref="ScimException"/> thrown here is answered as a SCIM error.
/// </summary>
public static class ScimUserEndpoints
{
    private const string ListResponseUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public static async Task<ScimResourceResult> GetScimUser(
        RouteTenant tenant, string id, [FromQuery] string? attributes, [FromQuery] string? excludedAttributes,
        ScimUsers users, HttpRequest request, CancellationToken cancellationToken)
    {
        var mapping = await users.MappingAsync(tenant.Record, cancellationToken);
        var user = await users.GetAsync(tenant.Id, id, cancellationToken);
        await users.IndexAsync(tenant.Id, [user], cancellationToken);
        var resource = await users.ToResourceAsync(tenant.Id, mapping, user, Location(request, tenant.Id, user), cancellationToken);
        return ScimResults.Resource(Project(resource, mapping.Schema, attributes, excludedAttributes), etag: ScimUsers.VersionOf(user.ETag));
    }

    public static async Task<ScimResourceResult> ListScimUsers(
        RouteTenant tenant, [FromQuery] string? filter, [FromQuery] int? startIndex, [FromQuery] int? count,
        [FromQuery] string? attributes, [FromQuery] string? excludedAttributes, ScimUsers users, HttpRequest request, CancellationToken cancellationToken)
    {
        var mapping = await users.MappingAsync(tenant.Record, cancellationToken);
        var parsed = filter is null ? null : ScimFilterParser.Parse(filter);
        if (parsed is not null)
        {
            ScimFilterChecker.Check(parsed, mapping.Schema);
            if (ScimFilterPrinter.Print(parsed).Contains(":manager", StringComparison.OrdinalIgnoreCase))
            {
                throw new ScimException(ScimTypes.InvalidFilter, "Filtering on the manager is not supported.");
            }
        }

        // RFC 7644 §3.4.2.4: a startIndex below 1 is 1, a negative count is 0; the page is at most MaxResults.
        var first = Math.Max(1, startIndex ?? 1);
        var size = Math.Clamp(count ?? ScimUsers.MaxResults, 0, ScimUsers.MaxResults);
        var (page, total) = await users.ListAsync(tenant.Id, mapping, parsed, first, size, cancellationToken);
        await users.IndexAsync(tenant.Id, page, cancellationToken);
        var resources = new JsonArray();
        foreach (var user in page)
        {
            var resource = await users.ToResourceAsync(tenant.Id, mapping, user, Location(request, tenant.Id, user), cancellationToken);
            resources.Add(Project(resource, mapping.Schema, attributes, excludedAttributes));
        }

        return ScimResults.Resource(new JsonObject
        {
            ["schemas"] = new JsonArray(ListResponseUrn),
            ["totalResults"] = total,
            ["startIndex"] = first,
            ["itemsPerPage"] = page.Count,
            ["Resources"] = resources,
        });
    }

    public static async Task<ScimCreatedResult> CreateScimUser(
        RouteTenant tenant, ScimRequestBody body, ScimUsers users, HttpContext http, CancellationToken cancellationToken) =>
        new(await CreateAsync(tenant, body.Json, users, http.Request, ScimWrites.Caller(http), cancellationToken));

    public static Task<ScimResourceResult> ReplaceScimUser(
        RouteTenant tenant, string id, ScimRequestBody body, [FromHeader(Name = "If-Match")] string? ifMatch, ScimUsers users, HttpContext http, CancellationToken cancellationToken) =>
        ReplaceAsync(tenant, id, body.Json, ifMatch, users, http.Request, ScimWrites.Caller(http), cancellationToken);

    public static Task<ScimResourceResult> PatchScimUser(
        RouteTenant tenant, string id, ScimRequestBody body, [FromHeader(Name = "If-Match")] string? ifMatch, ScimUsers users, HttpContext http, CancellationToken cancellationToken) =>
        PatchAsync(tenant, id, body.Json, ifMatch, users, http.Request, ScimWrites.Caller(http), cancellationToken);

    /// <summary>Deactivates the user (their record and learning stay), as a PATCH of <c>active</c> to false would; 204.</summary>
    public static async Task<NoContent> DeleteScimUser(
        RouteTenant tenant, string id, [FromHeader(Name = "If-Match")] string? ifMatch, ScimUsers users, HttpContext http, CancellationToken cancellationToken)
    {
        await DeleteAsync(tenant, id, ifMatch, users, http.Request, ScimWrites.Caller(http), cancellationToken);
        return TypedResults.NoContent();
    }

    // The operations themselves, from a body already read: the endpoints above call them, and so does Bulk (ScimBulk),
    // which gives the tenant's mapping it read once for all its operations.

    public static async Task<ScimResourceResult> CreateAsync(
        RouteTenant tenant, JsonNode json, ScimUsers users, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken, ScimUserMapping? mapping = null)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        mapping ??= await users.MappingAsync(tenant.Record, cancellationToken);
        var resource = ScimResourceBody.Read(json, mapping.Schema);
        var written = await users.WriteAsync(tenant.Record, mapping, id: null, ifMatch: null, _ => Task.FromResult(resource), caller, cancellationToken);
        return await Answer(tenant, mapping, written, users, request, StatusCodes.Status201Created, cancellationToken);
    }

    public static async Task<ScimResourceResult> ReplaceAsync(
        RouteTenant tenant, string id, JsonNode json, string? ifMatch, ScimUsers users, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken, ScimUserMapping? mapping = null)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        mapping ??= await users.MappingAsync(tenant.Record, cancellationToken);
        var resource = ScimResourceBody.Read(json, mapping.Schema);
        var written = await users.WriteAsync(tenant.Record, mapping, id, ifMatch, _ => Task.FromResult(resource), caller, cancellationToken);
        return await Answer(tenant, mapping, written, users, request, StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task<ScimResourceResult> PatchAsync(
        RouteTenant tenant, string id, JsonNode json, string? ifMatch, ScimUsers users, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken, ScimUserMapping? mapping = null)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        mapping ??= await users.MappingAsync(tenant.Record, cancellationToken);
        var operations = ScimPatchRequest.Parse(json);
        var patcher = new ScimPatcher(mapping.Schema);
        var written = await users.WriteAsync(tenant.Record, mapping, id, ifMatch, async named =>
        {
            var current = await users.ToResourceAsync(tenant.Id, mapping, named!, Location(request, tenant.Id, named!), cancellationToken);
            return patcher.Apply(current, operations).Resource;
        }, caller, cancellationToken);
        return await Answer(tenant, mapping, written, users, request, StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task DeleteAsync(
        RouteTenant tenant, string id, string? ifMatch, ScimUsers users, HttpRequest request, ScimCaller caller, CancellationToken cancellationToken, ScimUserMapping? mapping = null)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        mapping ??= await users.MappingAsync(tenant.Record, cancellationToken);
        var patcher = new ScimPatcher(mapping.Schema);
        await users.WriteAsync(tenant.Record, mapping, id, ifMatch, async named =>
        {
            var current = await users.ToResourceAsync(tenant.Id, mapping, named!, Location(request, tenant.Id, named!), cancellationToken);
            return patcher.Apply(current, [new ScimPatchOperation(ScimPatchOp.Replace, null, new JsonObject { ["active"] = false })]).Resource;
        }, caller, cancellationToken);
    }

    private static async Task<ScimResourceResult> Answer(
        RouteTenant tenant, ScimUserMapping mapping, StoredUser written, ScimUsers users, HttpRequest request, int status, CancellationToken cancellationToken)
    {
        var location = Location(request, tenant.Id, written);
        var resource = await users.ToResourceAsync(tenant.Id, mapping, written, location, cancellationToken);
        return ScimResults.Resource(resource, status, ScimUsers.VersionOf(written.ETag), status == StatusCodes.Status201Created ? location : null);
    }



    private static string Location(HttpRequest request, string tenantId, StoredUser user) => ScimLocations.Of(request, tenantId, "Users", user.User.UserId);

    private static JsonObject Project(JsonObject resource, ScimSchema schema, string? attributes, string? excludedAttributes) =>
        ScimProjection.Project(resource, schema, ScimAttributeSelection.Parse(attributes, schema), ScimAttributeSelection.Parse(excludedAttributes, schema));
}
