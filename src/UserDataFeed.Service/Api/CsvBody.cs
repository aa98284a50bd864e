using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Api;

/// <summary>A CSV sent to the API: a text/csv (or any non-form) body, or the multipart field <c>file</c>.</summary>
public static class CsvBody
{
    public static readonly IResult Missing = Problems.Validation("file", "Send the CSV as the multipart field 'file', or as a text/csv body.");

    /// <summary>The CSV's stream, or null when a multipart form has no field <c>file</c>.</summary>
    public static async Task<Stream?> OpenAsync(ApiCall call)
    {
        if (!call.Request.HasFormContentType)
        {
            return call.Request.Body;
        }

        var form = await call.Request.ReadFormAsync(call.Cancellation);
        return form.Files.GetFile("file")?.OpenReadStream();
    }

    /// <summary>
    /// The CSV copied to a temporary file that is deleted when the stream closes: the CSV reader reads
    /// synchronously (and the planner more than once), which a request body does not allow.
    /// </summary>
    public static async Task<Stream?> SpoolAsync(ApiCall call)
    {
        if (await OpenAsync(call) is not { } body)
        {
            return null;
        }

        return await TemporaryFile.CopyOfAsync(body, call.Cancellation);
    }
}
