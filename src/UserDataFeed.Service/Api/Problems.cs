using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Api;

/// <summary>RFC 7807 problem results with a reason a caller can act on.</summary>
public static class Problems
{
    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid.", detail);

    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail: detail, title: "Some values are not valid.");

    public static IResult Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Authentication is required.", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed.", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static IResult PreconditionFailed(string detail) => Problem(StatusCodes.Status412PreconditionFailed, "The resource has changed.", detail);

    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.", detail);

    public static IResult UnsupportedMediaType(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", detail);

    public static IResult Unprocessable(string detail) => Problem(StatusCodes.Status422UnprocessableEntity, "The content cannot be processed.", detail);

    public static IResult Unavailable(string detail) => Problem(StatusCodes.Status503ServiceUnavailable, "A store is unavailable.", detail);

    public static IResult TenantNotFound(string tenantId) => NotFound($"There is no tenant '{tenantId}'.");

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
