using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace UserDataFeed.Service.Api;

/// <summary>
/// A problem a handler answers, whose type names its status: a handler's <c>Results&lt;…&gt;</c> that lists one declares
/// that status in the route's OpenAPI description (the framework's <c>NotFound&lt;ProblemDetails&gt;</c> would be described
/// as <c>application/json</c>, and written without the problem's defaults). The answer is the <see cref="ProblemHttpResult"/>'s.
/// </summary>
public abstract class StatusProblem(ProblemHttpResult problem) : IResult, IStatusCodeHttpResult
{
    /// <summary>The answer itself, for code that takes any problem.</summary>
    public ProblemHttpResult Problem => problem;

    public ProblemDetails ProblemDetails => problem.ProblemDetails;

    public int? StatusCode => problem.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    private protected static void Declare(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>400 from a handler's own checks; the status is declared once for every route (<see cref="ApiCatalog"/>).</summary>
public sealed class BadRequestProblem(ProblemHttpResult problem) : StatusProblem(problem);

/// <summary>404: what the route names does not exist.</summary>
public sealed class NotFoundProblem(ProblemHttpResult problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: the request conflicts with the resource's state.</summary>
public sealed class ConflictProblem(ProblemHttpResult problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>412: the resource changed since the version the request names (<c>If-Match</c>).</summary>
public sealed class PreconditionFailedProblem(ProblemHttpResult problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status412PreconditionFailed);
}

/// <summary>422: the content is well-formed but cannot be processed.</summary>
public sealed class UnprocessableProblem(ProblemHttpResult problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status422UnprocessableEntity);
}
