using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace UserDataFeed.Service.Api;

/// <summary>
/// The paging query of list routes, bound with <c>[AsParameters]</c>: <c>pageSize</c> (1–1000, default 100) and the
/// <c>continuationToken</c> of the previous page. The size is bound as sent, so a bad one is a field error like the others.
/// (No <c>[Description]</c> here: the OpenAPI generator fails on attributes of <c>[AsParameters]</c> members; <see cref="ApiDocument"/> describes them.)
/// </summary>
public sealed record PageRequest(
    [FromQuery(Name = "pageSize")] string? PageSize,
    [FromQuery(Name = "continuationToken")] string? ContinuationToken)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    public static readonly string SizeRule = $"pageSize must be a whole number from 1 to {MaxSize}.";

    /// <summary>The page size asked for, or null when it is not a whole number from 1 to <see cref="MaxSize"/>.</summary>
    public int? Size => PageSize is null
        ? DefaultSize
        : int.TryParse(PageSize, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxSize ? size : null;

    /// <summary>
    /// The problem with this request for a page of the list <paramref name="list"/> (a bad size, a token of another list
    /// or one tampered with: both named, beside the route's own <paramref name="errors"/>), or null; then
    /// <paramref name="from"/> is where the page starts.
    /// </summary>
    public ProblemHttpResult? Problem(ContinuationTokens tokens, string list, out string? from, Dictionary<string, string[]>? errors = null)
    {
        errors ??= [];
        if (Size is null)
        {
            errors["pageSize"] = [SizeRule];
        }

        if (!tokens.TryRead(ContinuationToken, list, out from))
        {
            errors["continuationToken"] = [ContinuationTokens.InvalidMessage];
        }

        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }
}
