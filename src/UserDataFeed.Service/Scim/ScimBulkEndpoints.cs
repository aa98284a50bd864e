using Microsoft.AspNetCore.Http;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// SCIM's Bulk (RFC 7644 §3.7): many operations on Users and Groups in one request, answered 200 with a BulkResponse
/// (<see cref="ScimBulk"/>). The body is at most <see cref="ScimServiceProvider.BulkMaxPayloadSize"/> bytes and
/// <see cref="ScimServiceProvider.BulkMaxOperations"/> operations (else 413, §3.7.4). Writes need SCIM as the source.
/// </summary>
public static class ScimBulkEndpoints
{
    /// <summary>The operation the stream's hold and the audit name a Bulk request's deactivations by.</summary>
    public const string Operation = "BULK";

    public static async Task<ScimResourceResult> PostScimBulk(RouteTenant tenant, ScimRequestBody body, ScimBulk bulk, HttpContext http, CancellationToken cancellationToken)
    {
        ScimWrites.NeedScimAsTheSource(tenant);
        var request = ScimBulkRequest.Parse(body.Json, ScimServiceProvider.BulkMaxOperations);
        var caller = ScimWrites.Caller(http) with { Operation = Operation };
        return ScimResults.Resource(await bulk.RunAsync(tenant, request, http.Request, caller, cancellationToken));
    }
}
