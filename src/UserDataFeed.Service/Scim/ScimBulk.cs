using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// Runs a Bulk request (RFC 7644 §3.7): each operation in the order sent, as its own request to <c>/Users</c> or
/// <c>/Groups</c> would be (the same operation methods of <see cref="ScimUserEndpoints"/> and <see cref="ScimGroupEndpoints"/>,
/// so the same per-user decision, rules and hold), its <c>bulkId:</c> references resolved first
/// (<see cref="ScimBulkReferences"/>). Bulk is not a transaction: each operation applies or not on its own, and a failed
/// one is its SCIM error in the response. After <c>failOnErrors</c> errors the rest is not done (and not in the response).
/// The tenant's mapping is read once a request, and the digest's version moved once before and once after its operations
/// (<see cref="ScimUsers.WithDigestMovedAroundAsync"/>), not around each user.
/// </summary>
public sealed class ScimBulk(ScimUsers users, ScimGroups groups, GroupStore groupStore, TimeProvider time)
{
    private static readonly string[] ResourceTypes = ["Users", "Groups"];

    public async Task<JsonObject> RunAsync(RouteTenant tenant, ScimBulkRequest request, HttpRequest http, ScimCaller caller, CancellationToken cancellationToken)
    {
        var references = new ScimBulkReferences(request.Operations.Where(o => o.BulkId is not null).Select(o => o.BulkId!).ToHashSet(StringComparer.Ordinal));
        var mapping = await users.MappingAsync(tenant.Record, cancellationToken);
        var results = await users.WithDigestMovedAroundAsync(tenant.Id, () => RunAllAsync(tenant, request, references, mapping, http, caller, cancellationToken), cancellationToken);
        return new JsonObject
        {
            ["schemas"] = new JsonArray(ScimBulkRequest.ResponseUrn),
            ["Operations"] = results,
        };
    }

    private async Task<JsonArray> RunAllAsync(
        RouteTenant tenant, ScimBulkRequest request, ScimBulkReferences references, ScimUserMapping mapping, HttpRequest http, ScimCaller caller, CancellationToken cancellationToken)
    {
        var results = new JsonArray();
        var errors = 0;
        foreach (var operation in request.Operations)
        {
            var result = await RunAsync(tenant, operation, references, mapping, http, caller, cancellationToken);
            results.Add(result.ToJson());
            if (operation.BulkId is not null)
            {
                references.Record(operation.BulkId, result.Failed ? null : result.Id);
            }

            // RFC 7644 §3.7.3: once failOnErrors errors have happened, the remaining operations are not done.
            if (result.Failed && ++errors >= (request.FailOnErrors ?? int.MaxValue))
            {
                break;
            }
        }

        return results;
    }

    private async Task<ScimBulkResult> RunAsync(
        RouteTenant tenant, ScimBulkOperation operation, ScimBulkReferences references, ScimUserMapping mapping, HttpRequest http, ScimCaller caller, CancellationToken cancellationToken)
    {
        try
        {
            var (type, id) = Target(operation.Method, references.ResolvePath(operation.Path));
            references.ResolveIn(operation.Data);
            var data = operation.Data!;
            ScimResourceResult? answer = (operation.Method, type, id) switch
            {
                ("POST", "Users", null) => await ScimUserEndpoints.CreateAsync(tenant, data, users, http, caller, cancellationToken, mapping),
                ("PUT", "Users", { } user) => await ScimUserEndpoints.ReplaceAsync(tenant, user, data, operation.Version, users, http, caller, cancellationToken, mapping),
                ("PATCH", "Users", { } user) => await ScimUserEndpoints.PatchAsync(tenant, user, data, operation.Version, users, http, caller, cancellationToken, mapping),
                ("POST", "Groups", null) => await ScimGroupEndpoints.CreateAsync(tenant, data, groups, groupStore, time, http, caller, cancellationToken),
                ("PUT", "Groups", { } group) => await ScimGroupEndpoints.ReplaceAsync(tenant, group, data, groups, http, caller, cancellationToken),
                ("PATCH", "Groups", { } group) => await ScimGroupEndpoints.PatchAsync(tenant, group, data, groups, http, caller, cancellationToken),
                _ => null,
            };
            if (answer is null)
            {
                // Only DELETE is left (Target allowed nothing else): 204, at the resource's address.
                await (type == "Users"
                    ? ScimUserEndpoints.DeleteAsync(tenant, id!, operation.Version, users, http, caller, cancellationToken, mapping)
                    : ScimGroupEndpoints.DeleteAsync(tenant, id!, groups, caller, cancellationToken));
                return new ScimBulkResult(operation, StatusCodes.Status204NoContent, id, ScimLocations.Of(http, tenant.Id, type, id!), null, null);
            }

            var meta = answer.Json["meta"];
            return new ScimBulkResult(
                operation, answer.StatusCode ?? StatusCodes.Status200OK, answer.Json["id"]?.GetValue<string>(),
                meta?["location"]?.GetValue<string>(), meta?["version"]?.GetValue<string>(), null);
        }
        catch (ScimException failed)
        {
            return new ScimBulkResult(operation, failed.Status, null, null, null, ScimErrors.From(failed).Body);
        }
    }

    /// <summary>The resource type and id an operation's path names: POST names a type (<c>/Users</c>), the others a resource (<c>/Users/{id}</c>).</summary>
    private static (string Type, string? Id) Target(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var type = segments.Length is 1 or 2 ? ResourceTypes.FirstOrDefault(t => string.Equals(t, segments[0], StringComparison.OrdinalIgnoreCase)) : null;
        return (type, segments.Length, method) switch
        {
            (not null, 1, "POST") => (type, null),
            (not null, 2, not "POST") => (type, Uri.UnescapeDataString(segments[1])),
            _ => throw new ScimException(ScimTypes.InvalidValue,
                $"path '{path}': a POST names /Users or /Groups, a {(method == "POST" ? "PUT, PATCH or DELETE" : method)} names one resource, /Users/{{id}} or /Groups/{{id}}."),
        };
    }
}

/// <summary>What one operation of a Bulk request did, as its entry of the BulkResponse (RFC 7644 §3.7): <c>status</c> as a string, <c>response</c> the SCIM error when it failed.</summary>
public sealed record ScimBulkResult(ScimBulkOperation Operation, int Status, string? Id, string? Location, string? Version, ScimErrorDto? Error)
{
    public bool Failed => Error is not null;

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["method"] = Operation.Method };
        if (Operation.BulkId is not null)
        {
            json["bulkId"] = Operation.BulkId;
        }

        if (Location is not null)
        {
            json["location"] = Location;
        }

        if (Version is not null)
        {
            json["version"] = Version;
        }

        json["status"] = Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Error is not null)
        {
            json["response"] = JsonSerializer.SerializeToNode(Error, JsonSerializerOptions.Web);
        }

        return json;
    }
}
