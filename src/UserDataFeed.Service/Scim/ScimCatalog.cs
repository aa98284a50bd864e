using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The routes of the SCIM service (RFC 7644), under <see cref="Routes.ScimBase"/>: each marked <see cref="ScimRoute"/>,
/// callable with a SCIM token of its tenant only (<see cref="Access.Scim"/>), tagged "SCIM", and declared with the SCIM
/// errors the checks before a handler answer, in <c>application/scim+json</c>.
/// </summary>
public static class ScimCatalog
{
    /// <summary>Maps the SCIM service's routes; the returned group is theirs (its conventions: SCIM errors, tag, marker).</summary>
    public static RouteGroupBuilder MapScimService(this IEndpointRouteBuilder routes)
    {
        var scim = routes.MapGroup("").WithTags("SCIM").WithMetadata(new ScimRoute());
        ((IEndpointConventionBuilder)scim).Finally(DeclareErrors);
        scim.AddEndpointFilter<ScimRequestLog>(); // the provisioning log
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimServiceProviderConfig, Access.Scim, ScimDiscoveryEndpoints.GetScimServiceProviderConfig, "SCIM: what this service provider serves (RFC 7644 §4)");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimResourceTypes, Access.Scim, ScimDiscoveryEndpoints.ListScimResourceTypes, "SCIM: the resource types (User, Group)");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimResourceType, Access.Scim, ScimDiscoveryEndpoints.GetScimResourceType, "SCIM: one resource type");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimSchemas, Access.Scim, ScimDiscoveryEndpoints.ListScimSchemas, "SCIM: the schemas, the tenant's custom fields among them");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimSchema, Access.Scim, ScimDiscoveryEndpoints.GetScimSchema, "SCIM: one schema, by its URN");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimUsers, Access.Scim, ScimUserEndpoints.ListScimUsers, "SCIM: list users, with a filter and pages (RFC 7644 §3.4.2)");
        ApiCatalog.Map(scim, Verbs.Post, Routes.ScimUsers, Access.Scim, ScimUserEndpoints.CreateScimUser, "SCIM: create a user (RFC 7644 §3.3)");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimUser, Access.Scim, ScimUserEndpoints.GetScimUser, "SCIM: read a user by id");
        ApiCatalog.Map(scim, Verbs.Put, Routes.ScimUser, Access.Scim, ScimUserEndpoints.ReplaceScimUser, "SCIM: replace a user (If-Match: only over that version)");
        ApiCatalog.Map(scim, Verbs.Patch, Routes.ScimUser, Access.Scim, ScimUserEndpoints.PatchScimUser, "SCIM: change some of a user's attributes (RFC 7644 §3.5.2)");
        ApiCatalog.Map(scim, Verbs.Delete, Routes.ScimUser, Access.Scim, ScimUserEndpoints.DeleteScimUser, "SCIM: deactivate a user (a provisioning client never destroys a learning record)");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimGroups, Access.Scim, ScimGroupEndpoints.ListScimGroups, "SCIM: list groups, with a filter and pages");
        ApiCatalog.Map(scim, Verbs.Post, Routes.ScimGroups, Access.Scim, ScimGroupEndpoints.CreateScimGroup, "SCIM: create a group, with its members");
        ApiCatalog.Map(scim, Verbs.Get, Routes.ScimGroup, Access.Scim, ScimGroupEndpoints.GetScimGroup, "SCIM: read a group and its SCIM members");
        ApiCatalog.Map(scim, Verbs.Put, Routes.ScimGroup, Access.Scim, ScimGroupEndpoints.ReplaceScimGroup, "SCIM: replace a group's members");
        ApiCatalog.Map(scim, Verbs.Patch, Routes.ScimGroup, Access.Scim, ScimGroupEndpoints.PatchScimGroup, "SCIM: add or remove a group's members (RFC 7644 §3.5.2)");
        ApiCatalog.Map(scim, Verbs.Delete, Routes.ScimGroup, Access.Scim, ScimGroupEndpoints.DeleteScimGroup, "SCIM: end every SCIM membership of a group (the group stays)");
        ApiCatalog.Map(scim, Verbs.Post, Routes.ScimBulk, Access.Scim, ScimBulkEndpoints.PostScimBulk, "SCIM: many operations on users and groups in one request, each on its own (RFC 7644 §3.7)");
        return scim;
    }

    /// <summary>The SCIM errors of the checks before a handler (and of the exception handler), by what the route is.</summary>
    private static void DeclareErrors(EndpointBuilder endpoint)
    {
        List<int> statuses =
        [
            StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
            StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable,
        ];
        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains(ScimResults.ContentType)))
        {
            statuses.AddRange([StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        foreach (var status in statuses)
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ScimErrorDto), [ScimResults.ContentType]));
        }
    }
}
