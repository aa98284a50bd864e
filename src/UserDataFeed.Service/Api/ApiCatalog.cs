using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The HTTP API, each route declared once: method, template, who may call it, its handler (whose name is the
/// route's name, and whose parameters and <c>Results&lt;…&gt;</c> say what it takes and answers) and the problems it
/// may answer besides those of every route. The self-host maps it; the Functions app maps it on an endpoint
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

        var tenants = api.MapGroup("").WithTags("Tenants");
        Map(tenants, Verbs.Put, Routes.Tenant, Access.Operator, TenantEndpoints.PutTenant, "Create or update a tenant (and its bucket)", 415)
            .WithMetadata(new TenantMayNotExist());
        Map(tenants, Verbs.Get, Routes.Tenant, Access.Operator, TenantEndpoints.GetTenant, "Read a tenant", 404);
        Map(tenants, Verbs.Post, Routes.AdminTokens, Access.Operator, TenantEndpoints.IssueAdminToken, "Issue an admin token (shown this once)", 404, 415);
        Map(tenants, Verbs.Get, Routes.AdminTokens, Access.Operator, TenantEndpoints.ListAdminTokens, "List the admin tokens (never a token)", 404);
        Map(tenants, Verbs.Delete, Routes.AdminToken, Access.Operator, TenantEndpoints.RevokeAdminToken, "Revoke an admin token", 404);
        Map(tenants, Verbs.Put, Routes.Field, Access.Operator, TenantEndpoints.PutField, "Define a custom field", 404, 415);
        Map(tenants, Verbs.Delete, Routes.Field, Access.Operator, TenantEndpoints.DeleteField, "Delete a custom field the mapping does not feed", 404, 409);
        Map(tenants, Verbs.Get, Routes.Fields, Access.TenantAdmin, TenantEndpoints.ListFields, "List the custom fields", 404);

        var mapping = api.MapGroup("").WithTags("Mapping");
        Map(mapping, Verbs.Get, Routes.Template, Access.TenantAdmin, MappingEndpoints.GetTemplate, "Download the CSV template", 404)
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        Map(mapping, Verbs.Post, Routes.MappingPreview, Access.TenantAdmin, MappingEndpoints.PreviewMapping, "Preview a sample file: its columns, suggestions, first rows", 404, 413);
        Map(mapping, Verbs.Put, Routes.Mapping, Access.TenantAdmin, MappingEndpoints.PutMapping, "Save the mapping (If-Match: only over that version)", 404, 412, 415);
        Map(mapping, Verbs.Get, Routes.Mapping, Access.TenantAdmin, MappingEndpoints.GetMapping, "Read the mapping and its ETag", 404);
        Map(mapping, Verbs.Delete, Routes.Mapping, Access.TenantAdmin, MappingEndpoints.DeleteMapping, "Reset the mapping (the feed pauses)", 404);

        var connection = api.MapGroup("").WithTags("Connection");
        Map(connection, Verbs.Post, Routes.ConnectionKeys, Access.TenantAdmin, ConnectionEndpoints.IssueConnectionKey, "Issue an S3 key for IT (the secret is shown this once)", 404, 409);
        Map(connection, Verbs.Get, Routes.Connection, Access.TenantAdmin, ConnectionEndpoints.GetConnection, "The bucket's connection details and active keys", 404);
        Map(connection, Verbs.Delete, Routes.ConnectionKey, Access.TenantAdmin, ConnectionEndpoints.RevokeConnectionKey, "Revoke an S3 key", 404);

        var feed = api.MapGroup("").WithTags("Feed");
        Map(feed, Verbs.Post, Routes.Poll, Access.TenantAdmin, FeedEndpoints.Poll, "Claim new uploads and queue their imports", 404, 409);
        Map(feed, Verbs.Get, Routes.Imports, Access.TenantAdmin, FeedEndpoints.ListImports, "List the imports, newest first", 404);
        Map(feed, Verbs.Get, Routes.Import, Access.TenantAdmin, FeedEndpoints.GetImport, "Read an import and its progress", 404);
        Map(feed, Verbs.Get, Routes.ImportErrors, Access.TenantAdmin, FeedEndpoints.GetImportErrors, "An import's row errors and warnings", 404);
        Map(feed, Verbs.Get, Routes.ImportDeactivations, Access.TenantAdmin, FeedEndpoints.ListImportDeactivations, "The users a held import would deactivate, and why (paged)", 404);
        Map(feed, Verbs.Post, Routes.ImportApprove, Access.TenantAdmin, FeedEndpoints.ApproveImport, "Approve a held import (it is queued)", 404, 409);
        Map(feed, Verbs.Post, Routes.ImportReject, Access.TenantAdmin, FeedEndpoints.RejectImport, "Reject a held import", 404, 409);
        Map(feed, Verbs.Post, Routes.DryRun, Access.TenantAdmin, FeedEndpoints.DryRun, "What a file would do, writing nothing", 404, 409, 422);
        Map(feed, Verbs.Get, Routes.Settings, Access.TenantAdmin, FeedEndpoints.GetSettings, "Read the feed settings", 404);
        Map(feed, Verbs.Put, Routes.Settings, Access.TenantAdmin, FeedEndpoints.PutSettings, "Replace the feed settings", 404, 415);
        Map(feed, Verbs.Get, Routes.Health, Access.TenantAdmin, HealthEndpoints.GetHealth, "The feed at a glance", 404);
        Map(feed, Verbs.Post, Routes.Resume, Access.TenantAdmin, QuarantineEndpoints.ResumeFeed, "Resume a feed that paused itself (its waiting files run)", 404, 409);

        var audit = api.MapGroup("").WithTags("Audit");
        Map(audit, Verbs.Get, Routes.Audit, Access.TenantAdmin, AuditEndpoints.ListAudit, "Who changed the feed, newest first", 404);

        var webhooks = api.MapGroup("").WithTags("Webhooks");
        Map(webhooks, Verbs.Put, Routes.Webhook, Access.TenantAdmin, WebhookEndpoints.PutWebhook, "Create or change a webhook (a new one's secret is shown this once)", 404, 409, 415);
        Map(webhooks, Verbs.Get, Routes.Webhook, Access.TenantAdmin, WebhookEndpoints.GetWebhook, "Read a webhook (never its secret)", 404);
        Map(webhooks, Verbs.Delete, Routes.Webhook, Access.TenantAdmin, WebhookEndpoints.DeleteWebhook, "Delete a webhook", 404);
        Map(webhooks, Verbs.Get, Routes.Webhooks, Access.TenantAdmin, WebhookEndpoints.ListWebhooks, "List the webhooks", 404);
        Map(webhooks, Verbs.Get, Routes.WebhookDeliveries, Access.TenantAdmin, WebhookEndpoints.ListWebhookDeliveries, "A webhook's deliveries and their attempts, newest first", 404);

        var users = api.MapGroup("").WithTags("Users");
        Map(users, Verbs.Get, Routes.Users, Access.TenantAdmin, UserEndpoints.ListUsers, "List the users", 404);
        Map(users, Verbs.Get, Routes.User, Access.TenantAdmin, UserEndpoints.GetUser, "Read a user", 404);
        Map(users, Verbs.Put, Routes.User, Access.TenantAdmin, UserEndpoints.PutUser, "Create or update a user on the platform's side", 404, 415);
        Map(users, Verbs.Get, Routes.UserHistory, Access.TenantAdmin, HistoryEndpoints.ListHistory, "A user's history: every change, newest first, following email changes", 404);

        var groups = api.MapGroup("").WithTags("Groups");
        Map(groups, Verbs.Get, Routes.Groups, Access.TenantAdmin, GroupEndpoints.ListGroups, "List the groups", 404);
        Map(groups, Verbs.Get, Routes.Group, Access.TenantAdmin, GroupEndpoints.GetGroup, "A group, with its members counted", 404);
        Map(groups, Verbs.Get, Routes.GroupMembers, Access.TenantAdmin, GroupEndpoints.ListGroupMembers, "List a group's members", 404);
        Map(groups, Verbs.Put, Routes.GroupMember, Access.TenantAdmin, GroupEndpoints.PutGroupMember, "Put a user in a group on the platform's side", 404, 409);
        Map(groups, Verbs.Delete, Routes.GroupMember, Access.TenantAdmin, GroupEndpoints.DeleteGroupMember, "End a user's platform membership of a group", 404, 409);
        return api;
    }

    /// <summary>One route: its name is its handler's, the name of the Azure Function that serves it too.</summary>
    private static RouteHandlerBuilder Map(IEndpointRouteBuilder group, string method, string template, Access access, Delegate handler, string summary, params int[] problems)
    {
        var route = group.MapMethods(template, [method.ToUpperInvariant()], handler)
            .WithName(handler.Method.Name)
            .WithSummary(summary)
            .WithMetadata(new RouteAccess(access));
        foreach (var status in problems)
        {
            route.ProducesProblem(status);
        }

        return route;
    }
}
