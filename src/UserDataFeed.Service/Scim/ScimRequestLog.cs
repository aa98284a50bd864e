using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Auth;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// Records each request a SCIM route's handler answered (so the route checks let it through with a SCIM token of the
/// tenant) in the tenant's provisioning log (<see cref="ScimLogStore"/>): its outcome, a SCIM error's type and detail,
/// whether returned or thrown (as <see cref="ApiExceptionHandler"/> will answer it). One insert, awaited before the answer
/// is written, so the log never lags what the client was told; a failed insert is logged and never fails the request.
/// Every <see cref="TrimEvery"/>th request of a tenant in this process trims the log in the background: a lost trim
/// only defers it to the next.
/// </summary>
public sealed class ScimRequestLog(ScimLogStore store, TimeProvider time, ILogger<ScimRequestLog> logger) : IEndpointFilter
{
    public const int TrimEvery = 50;

    private readonly ConcurrentDictionary<string, int> writesSinceTrim = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        object? answer;
        try
        {
            answer = await next(context);
        }
        catch (Exception exception)
        {
            var error = ApiExceptionHandler.ScimErrorFor(exception);
            await RecordAsync(http, error?.StatusCode ?? StatusCodes.Status500InternalServerError, error?.Body.ScimType, error?.Body.Detail);
            throw;
        }

        var result = Innermost(answer as IResult);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        var scimError = result switch
        {
            ScimErrorResult e => (e.Body.ScimType, e.Body.Detail),
            IValueHttpResult { Value: Microsoft.AspNetCore.Mvc.ProblemDetails p } => (null, p.Detail ?? p.Title),
            _ => (null, null),
        };
        await RecordAsync(http, status, scimError.Item1, scimError.Item2);
        return answer;
    }

    private static IResult? Innermost(IResult? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        return result;
    }

    private async Task RecordAsync(HttpContext http, int status, string? scimType, string? detail)
    {
        var tenantId = RouteChecks.TenantIdOf(http);
        var values = http.Request.RouteValues;
        var path = PathUnderBase(http.Request.Path.Value ?? "");
        var resourceType = ResourceTypeOf(path);
        var entry = new ScimLogEntry(
            time.GetUtcNow(), http.Request.Method, path, status, scimType, detail, Actor.Of(http)?.TokenId ?? "",
            resourceType, resourceType is null ? null : values["id"]?.ToString());
        try
        {
            await store.AddAsync(tenantId, entry, CancellationToken.None); // recorded even when the client has gone
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            Log.ScimLogWriteFaulted(logger, exception, tenantId);
        }

        if (writesSinceTrim.AddOrUpdate(tenantId, 1, (_, n) => n + 1) % TrimEvery == 0)
        {
            _ = Task.Run(() => TrimAsync(tenantId));
        }
    }

    private async Task TrimAsync(string tenantId)
    {
        try
        {
            await store.TrimAsync(tenantId, ScimLogStore.Keep, CancellationToken.None);
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException or AggregateException)
        {
            Log.ScimLogTrimFaulted(logger, exception, tenantId);
        }
    }

    /// <summary>The path under the tenant's SCIM base URL (<c>/Users/{id}</c>), which is what the log shows.</summary>
    private static string PathUnderBase(string path)
    {
        const string Base = "/scim/v2";
        var at = path.IndexOf(Base, StringComparison.Ordinal);
        return at < 0 ? path : path[(at + Base.Length)..];
    }

    /// <summary><c>User</c> or <c>Group</c> when the path names one (…/Users/{id}, …/Groups/{id}); null otherwise.</summary>
    private static string? ResourceTypeOf(string path)
    {
        var segments = path.TrimEnd('/').Split('/');
        return segments.Length >= 2 ? segments[^2] switch
        {
            "Users" => "User",
            "Groups" => "Group",
            _ => null,
        } : null;
    }
}
