using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The problems of the rest of the API as SCIM errors (RFC 7644 §3.12), for the SCIM routes: same status and reason (a
/// validation problem's fields with theirs), and the headers set beside them (<c>WWW-Authenticate</c>, <c>Retry-After</c>)
/// stay. A 400 says <c>invalidValue</c> unless the caller knows better.
/// </summary>
public static class ScimErrors
{
    /// <summary><paramref name="answer"/> as a SCIM error when it is a problem; anything else as it is.</summary>
    public static IResult From(IResult answer, string? scimType = null) => answer switch
    {
        ProblemHttpResult problem => From(problem.ProblemDetails, scimType),
        StatusProblem problem => From(problem.ProblemDetails, scimType),
        _ => answer,
    };

    /// <summary>A <see cref="ScimException"/> thrown by a SCIM handler or the core: its status, scimType (none when <see cref="Untyped"/>) and reason.</summary>
    public static ScimErrorResult From(ScimException exception) =>
        new(exception.Status, exception.ScimType.Length > 0 ? exception.ScimType : null, exception.Reason, (exception as ScimRetryLaterException)?.RetryAfter);

    /// <summary>A SCIM error to throw whose status RFC 7644 §3.12 gives no <c>scimType</c> (413, 415, 404…).</summary>
    public static ScimException Untyped(int status, string reason) => new("", reason, status);

    private static ScimErrorResult From(ProblemDetails problem, string? scimType)
    {
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        var fields = problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? string.Join(" ", validation.Errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")))
            : null;
        var detail = string.Join(" ", new[] { problem.Detail, fields }.Where(part => !string.IsNullOrEmpty(part)));
        return ScimResults.Error(status, status == StatusCodes.Status400BadRequest ? scimType ?? ScimTypes.InvalidValue : null, detail.Length > 0 ? detail : problem.Title ?? "");
    }
}

/// <summary>A SCIM write that may be sent again later (429 with <c>Retry-After</c>): the stream's hold keeps it for an admin (<see cref="ScimDeactivationHold"/>).</summary>
public sealed class ScimRetryLaterException(string reason, TimeSpan retryAfter) : ScimException("", reason, StatusCodes.Status429TooManyRequests)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
