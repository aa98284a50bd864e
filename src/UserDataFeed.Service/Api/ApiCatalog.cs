using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The HTTP API, each route declared once: method, template, who may call it and its handler, whose name is the
/// route's name, and whose parameters and <c>Results&lt;…&gt;</c> say what it takes and answers (its own problems
/// included: <see cref="StatusProblem"/>). The problems of the checks before a handler are declared here, by rule. The self-host maps it; the Functions app maps it on an endpoint
/// builder of its own and runs each endpoint from the function of the same name (same template, same method).
/// </summary>
public static class ApiCatalog
{
    /// <summary>
    /// Maps every route of the API. The checks every route makes (<see cref="RouteChecks"/>: limits, token, tenant id,
    /// tenant) are the hosts' to run before an endpoint; their problems are declared here, once for every route.
    /// </summary>
    public static RouteGroupBuilder MapUserDataFeedApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("")
            .ProducesValidationProblem() // 400: a problem with an errors map (other 400s have no errors)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests) // RequestLimits, with Retry-After
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        ((IEndpointConventionBuilder)api).Finally(DeclareCheckProblems);

        var tenants = api.MapGroup("").WithTags("Tenants");
        Map(tenants, Verbs.Put, Routes.Tenant, Access.Operator, TenantEndpoints.PutTenant, "Create or update a tenant (and its bucket)")
            .WithMetadata(new TenantMayNotExist());
        Map(tenants, Verbs.Get, Routes.Tenant, Access.Operator, TenantEndpoints.GetTenant, "Read a tenant");
        Map(tenants, Verbs.Post, Routes.AdminTokens, Access.Operator, TenantEndpoints.IssueAdminToken, "Issue an admin token (shown this once)");
        Map(tenants, Verbs.Get, Routes.AdminTokens, Access.Operator, TenantEndpoints.ListAdminTokens, "List the admin tokens (never a token)");
        Map(tenants, Verbs.Delete, Routes.AdminToken, Access.Operator, TenantEndpoints.RevokeAdminToken, "Revoke an admin token");
        Map(tenants, Verbs.Put, Routes.Field, Access.Operator, TenantEndpoints.PutField, "Define a custom field");
        Map(tenants, Verbs.Delete, Routes.Field, Access.Operator, TenantEndpoints.DeleteField, "Delete a custom field the mapping does not feed");
        Map(tenants, Verbs.Get, Routes.Fields, Access.TenantAdmin, TenantEndpoints.ListFields, "List the custom fields");

        var mapping = api.MapGroup("").WithTags("Mapping");
        Map(mapping, Verbs.Get, Routes.Template, Access.TenantAdmin, MappingEndpoints.GetTemplate, "Download the CSV template")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        Map(mapping, Verbs.Post, Routes.MappingPreview, Access.TenantAdmin, MappingEndpoints.PreviewMapping, "Preview a sample file: its columns, suggestions, first rows")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge); // the sample's size, answered through SpooledCsv's problem
        Map(mapping, Verbs.Put, Routes.Mapping, Access.TenantAdmin, MappingEndpoints.PutMapping, "Save the mapping (If-Match: only over that version)");
        Map(mapping, Verbs.Get, Routes.Mapping, Access.TenantAdmin, MappingEndpoints.GetMapping, "Read the mapping and its ETag");
        Map(mapping, Verbs.Delete, Routes.Mapping, Access.TenantAdmin, MappingEndpoints.DeleteMapping, "Reset the mapping (the feed pauses)");

        var connection = api.MapGroup("").WithTags("Connection");
        Map(connection, Verbs.Post, Routes.ConnectionKeys, Access.TenantAdmin, ConnectionEndpoints.IssueConnectionKey, "Issue an S3 key for IT (the secret is shown this once)");
        Map(connection, Verbs.Get, Routes.Connection, Access.TenantAdmin, ConnectionEndpoints.GetConnection, "The bucket's connection details and active keys");
        Map(connection, Verbs.Delete, Routes.ConnectionKey, Access.TenantAdmin, ConnectionEndpoints.RevokeConnectionKey, "Revoke an S3 key");

        var feed = api.MapGroup("").WithTags("Feed");
        Map(feed, Verbs.Post, Routes.Poll, Access.TenantAdmin, FeedEndpoints.Poll, "Claim new uploads and queue their imports");
        Map(feed, Verbs.Get, Routes.Imports, Access.TenantAdmin, FeedEndpoints.ListImports, "List the imports, newest first");
        Map(feed, Verbs.Get, Routes.Import, Access.TenantAdmin, FeedEndpoints.GetImport, "Read an import and its progress");
        Map(feed, Verbs.Get, Routes.ImportErrors, Access.TenantAdmin, FeedEndpoints.GetImportErrors, "An import's row errors and warnings");
        Map(feed, Verbs.Get, Routes.ImportDeactivations, Access.TenantAdmin, FeedEndpoints.ListImportDeactivations, "The users a held import would deactivate, and why (paged)");
        Map(feed, Verbs.Post, Routes.ImportApprove, Access.TenantAdmin, FeedEndpoints.ApproveImport, "Approve a held import (it is queued)");
        Map(feed, Verbs.Post, Routes.ImportReject, Access.TenantAdmin, FeedEndpoints.RejectImport, "Reject a held import");
        Map(feed, Verbs.Post, Routes.DryRun, Access.TenantAdmin, FeedEndpoints.DryRun, "What a file would do, writing nothing");
        Map(feed, Verbs.Get, Routes.Settings, Access.TenantAdmin, FeedEndpoints.GetSettings, "Read the feed settings");
        Map(feed, Verbs.Put, Routes.Settings, Access.TenantAdmin, FeedEndpoints.PutSettings, "Replace the feed settings");
        Map(feed, Verbs.Get, Routes.Health, Access.TenantAdmin, HealthEndpoints.GetHealth, "The feed at a glance");
        Map(feed, Verbs.Post, Routes.Resume, Access.TenantAdmin, QuarantineEndpoints.ResumeFeed, "Resume a feed that paused itself (its waiting files run)");

        var audit = api.MapGroup("").WithTags("Audit");
        Map(audit, Verbs.Get, Routes.Audit, Access.TenantAdmin, AuditEndpoints.ListAudit, "Who changed the feed, newest first");

        var webhooks = api.MapGroup("").WithTags("Webhooks");
        Map(webhooks, Verbs.Put, Routes.Webhook, Access.TenantAdmin, WebhookEndpoints.PutWebhook, "Create or change a webhook (a new one's secret is shown this once)");
        Map(webhooks, Verbs.Get, Routes.Webhook, Access.TenantAdmin, WebhookEndpoints.GetWebhook, "Read a webhook (never its secret)");
        Map(webhooks, Verbs.Delete, Routes.Webhook, Access.TenantAdmin, WebhookEndpoints.DeleteWebhook, "Delete a webhook");
        Map(webhooks, Verbs.Get, Routes.Webhooks, Access.TenantAdmin, WebhookEndpoints.ListWebhooks, "List the webhooks");
        Map(webhooks, Verbs.Get, Routes.WebhookDeliveries, Access.TenantAdmin, WebhookEndpoints.ListWebhookDeliveries, "A webhook's deliveries and their attempts, newest first");

        var users = api.MapGroup("").WithTags("Users");
        Map(users, Verbs.Get, Routes.Users, Access.TenantAdmin, UserEndpoints.ListUsers, "List the users");
        Map(users, Verbs.Get, Routes.User, Access.TenantAdmin, UserEndpoints.GetUser, "Read a user");
        Map(users, Verbs.Put, Routes.User, Access.TenantAdmin, UserEndpoints.PutUser, "Create or update a user on the platform's side");
        Map(users, Verbs.Get, Routes.UserHistory, Access.TenantAdmin, HistoryEndpoints.ListHistory, "A user's history: every change, newest first, following email changes");

        var groups = api.MapGroup("").WithTags("Groups");
        Map(groups, Verbs.Get, Routes.Groups, Access.TenantAdmin, GroupEndpoints.ListGroups, "List the groups");
        Map(groups, Verbs.Get, Routes.Group, Access.TenantAdmin, GroupEndpoints.GetGroup, "A group, with its members counted");
        Map(groups, Verbs.Get, Routes.GroupMembers, Access.TenantAdmin, GroupEndpoints.ListGroupMembers, "List a group's members");
        Map(groups, Verbs.Put, Routes.GroupMember, Access.TenantAdmin, GroupEndpoints.PutGroupMember, "Put a user in a group on the platform's side");
        Map(groups, Verbs.Delete, Routes.GroupMember, Access.TenantAdmin, GroupEndpoints.DeleteGroupMember, "End a user's platform membership of a group");

        var scimTokens = api.MapGroup("").WithTags("SCIM");
        Map(scimTokens, Verbs.Post, Routes.ScimTokens, Access.TenantAdmin, ScimTokenEndpoints.IssueScimToken, "Issue a SCIM token for an identity provider (shown this once)");
        Map(scimTokens, Verbs.Get, Routes.ScimTokens, Access.TenantAdmin, ScimTokenEndpoints.ListScimTokens, "List the SCIM tokens and their last use (never a token)");
        Map(scimTokens, Verbs.Delete, Routes.ScimToken, Access.TenantAdmin, ScimTokenEndpoints.RevokeScimToken, "Revoke a SCIM token");
        Map(scimTokens, Verbs.Get, Routes.ScimMapping, Access.TenantAdmin, ScimMappingEndpoints.GetScimMapping, "Which SCIM attribute feeds each field");
        Map(scimTokens, Verbs.Put, Routes.ScimMapping, Access.TenantAdmin, ScimMappingEndpoints.PutScimMapping, "Choose the SCIM attribute of the names and custom fields");
        Map(scimTokens, Verbs.Get, Routes.ScimLog, Access.TenantAdmin, ScimLogEndpoints.ListScimLog, "The SCIM provisioning log: recent SCIM requests and their outcome");

        routes.MapScimService(); // SCIM errors rather than problems: a group of its own
        var scimHold = api.MapGroup("").WithTags("SCIM hold");
        Map(scimHold, Verbs.Get, Routes.ScimHeld, Access.TenantAdmin, ScimHoldEndpoints.ListScimHeld, "The SCIM deactivations waiting for an admin, and the window's counts");
        Map(scimHold, Verbs.Post, Routes.ScimHeldApprove, Access.TenantAdmin, ScimHoldEndpoints.ApproveScimHeld, "Approve waiting SCIM deactivations (the client's retry is admitted)");
        Map(scimHold, Verbs.Post, Routes.ScimHeldReject, Access.TenantAdmin, ScimHoldEndpoints.RejectScimHeld, "Reject SCIM deactivations (refused while the rejection stands)");
        return api;
    }

    /// <summary>One route: its name is its handler's, the name of the Azure Function that serves it too.</summary>
    internal static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string method, string template, Access access, Delegate handler, string summary) =>
        group.MapMethods(template, [method.ToUpperInvariant()], handler)
            .WithName(handler.Method.Name)
            .WithSummary(summary)
            .WithMetadata(new RouteAccess(access));

    /// <summary>
    /// The problems of the checks that come before a handler, by what the route is: 404 on a route whose tenant must
    /// exist (<see cref="RouteChecks"/>), 413 and 415 on a route that takes a JSON body (<see cref="JsonBody"/>).
    /// </summary>
    private static void DeclareCheckProblems(EndpointBuilder endpoint)
    {
        var statuses = new List<int>();
        if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern } && pattern.GetParameter("tenantId") is not null
            && !endpoint.Metadata.OfType<TenantMayNotExist>().Any())
        {
            statuses.Add(StatusCodes.Status404NotFound);
        }

        if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains(JsonBody.ContentType)))
        {
            statuses.AddRange([StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        foreach (var status in statuses)
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
        }
    }
}
