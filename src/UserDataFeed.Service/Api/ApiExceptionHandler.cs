using Amazon.S3;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Scim;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Service.Api;

/// <summary>
/// Exceptions to problems, once for every route of both hosts: a body the host could not read is 400 (413 when too
/// large), a store that did not answer as expected is 503. Anything else is left to the host: a 500, since it is a bug.
/// On a SCIM route (<see cref="ScimRoute"/>) the answer is a SCIM error instead, and a <see cref="ScimException"/> thrown
/// by its handler is answered with its own status, scimType and reason.
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The self-host's exception middleware has cleared the endpoint and route values by now; its feature keeps them.
        var failed = httpContext.Features.Get<IExceptionHandlerFeature>();
        var endpoint = failed?.Endpoint ?? httpContext.GetEndpoint();
        IResult? answer = ScimRoute.Marks(endpoint) ? ScimErrorFor(exception) : await ProblemForAsync(httpContext, endpoint, exception);
        if (answer is not { } problem)
        {
            return false;
        }

        if (IsStoreFault(exception))
        {
            var values = failed?.RouteValues ?? httpContext.Request.RouteValues;
            Log.StoreUnavailable(logger, exception, endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "", values["tenantId"]?.ToString() ?? "");
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>
    /// The problem an exception is answered with, or null when it is a fault of the service itself. A request the
    /// framework could not bind is thrown as a <see cref="BadHttpRequestException"/> (<c>RouteHandlerOptions.ThrowOnBadRequest</c>);
    /// a JSON body's says what is wrong with the body (<see cref="JsonBody"/>).
    /// </summary>
    private static async Task<ProblemHttpResult?> ProblemForAsync(HttpContext http, Endpoint? endpoint, Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } when JsonBody.TypeOf(endpoint) is not null => JsonBody.TooLarge,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge => Problems.TooLarge(tooLarge.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } when JsonBody.TypeOf(endpoint) is not null => JsonBody.UnsupportedType(http.Request),
        BadHttpRequestException bad => await JsonBody.ProblemAsync(http, endpoint, bad) ?? Problems.BadRequest(bad.Message),
        _ when IsStoreFault(exception) => Problems.Unavailable(StoreFaultDetail),
        _ => null,
    };

    /// <summary>The SCIM error (RFC 7644 §3.12) an exception on a SCIM route is answered with, or null when it is a fault of the service itself.</summary>
    internal static ScimErrorResult? ScimErrorFor(Exception exception) => exception switch
    {
        ScimException scim => ScimErrors.From(scim),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge => ScimResults.Error(StatusCodes.Status413PayloadTooLarge, null, tooLarge.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } unsupported => ScimResults.Error(StatusCodes.Status415UnsupportedMediaType, null, unsupported.Message),
        BadHttpRequestException bad => ScimResults.Error(StatusCodes.Status400BadRequest, ScimTypes.InvalidSyntax, bad.Message),
        _ when IsStoreFault(exception) => ScimResults.Error(StatusCodes.Status503ServiceUnavailable, null, StoreFaultDetail),
        _ => null,
    };

    private const string StoreFaultDetail = "A storage service did not answer as expected; try again shortly.";

    /// <summary>
    /// A store client's failure: what the store answered, or the network. The Azure clients throw an
    /// <see cref="AggregateException"/> of their attempts when every retry failed without an answer (a store that cannot be reached).
    /// </summary>
    private static bool IsStoreFault(Exception exception) => exception switch
    {
        RequestFailedException or AmazonS3Exception or HttpRequestException => true,
        AggregateException all => all.InnerExceptions.Count > 0 && all.InnerExceptions.All(IsStoreFault),
        _ => false,
    };
}
