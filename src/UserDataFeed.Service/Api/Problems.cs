using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace UserDataFeed.Service.Api;

/// <summary>RFC 7807 problem results with a reason a caller can act on.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid.", detail);

    /// <summary>400 with an <c>errors</c> map: the fields at fault, each with what is wrong with it.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = "Some values are not valid.", Detail = detail });

    public static ProblemHttpResult Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Authentication is required.", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed.", detail);

    public static NotFoundProblem NotFound(string detail) => new(Problem(StatusCodes.Status404NotFound, "Not found.", detail));

    public static ConflictProblem Conflict(string detail) => new(Problem(StatusCodes.Status409Conflict, "Conflict.", detail));

    public static PreconditionFailedProblem PreconditionFailed(string detail) => new(Problem(StatusCodes.Status412PreconditionFailed, "The resource has changed.", detail));

    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.", detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", detail);

    public static UnprocessableProblem Unprocessable(string detail) => new(Problem(StatusCodes.Status422UnprocessableEntity, "The content cannot be processed.", detail));

    /// <summary>429: a rate limit (<see cref="RequestLimits"/>); the caller sets <c>Retry-After</c>.</summary>
    public static ProblemHttpResult TooManyRequests(string detail) => Problem(StatusCodes.Status429TooManyRequests, "Too many requests.", detail);

    public static ProblemHttpResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "A store is unavailable.", detail);

    public static NotFoundProblem TenantNotFound(string tenantId) => NotFound($"There is no tenant '{tenantId}'.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
