using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Api;

/// <summary>The <c>pageSize</c> query parameter of list routes: 1–1000, default 100.</summary>
public static class Paging
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    public static readonly IResult Invalid = Problems.Validation("pageSize", $"pageSize must be a whole number from 1 to {MaxSize}.");

    public static int? Size(ApiCall call)
    {
        var raw = call.Query("pageSize");
        if (raw is null)
        {
            return DefaultSize;
        }

        return int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxSize ? size : null;
    }
}
