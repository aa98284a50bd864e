using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace UserDataFeed.Service.Api;

/// <summary>A CSV received and copied to a local temporary file, or why it was not.</summary>
public sealed record SpooledCsv(Stream? File, ProblemHttpResult? Problem) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => File?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// A handler's CSV body parameter. Binding it reads nothing: the handler spools it (<see cref="SpoolAsync"/>) once
/// the request has passed its checks, since a CSV may be as large as <c>Feed:MaxFileBytes</c>.
/// </summary>
public sealed class CsvUpload : IEndpointParameterMetadataProvider
{
    private readonly HttpContext http;

    private CsvUpload(HttpContext http) => this.http = http;

    /// <inheritdoc cref="CsvBody.SpoolAsync"/>
    public Task<SpooledCsv> SpoolAsync(long maxBytes, Func<long?, ProblemHttpResult> tooLarge) => CsvBody.SpoolAsync(http, maxBytes, tooLarge);

    public static ValueTask<CsvUpload?> BindAsync(HttpContext http) => ValueTask.FromResult<CsvUpload?>(new CsvUpload(http));

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["text/csv", "multipart/form-data"], typeof(Stream)));
}

/// <summary>
/// A CSV sent to the API: a text/csv (or any non-form) body, or the multipart field <c>file</c>. Every
/// route that reads one spools it first: the CSV reader reads synchronously (and the planner more than
/// once), which a request body does not allow, and the copy is where a size limit is enforced.
/// </summary>
public static class CsvBody
{
    public static readonly ProblemHttpResult Missing = Problems.Validation("file", "Send the CSV as the multipart field 'file', or as a text/csv body.");

    /// <summary>Multipart framing around the file: boundaries and part headers.</summary>
    private const long MultipartOverhead = 64 * 1024;

    /// <summary>
    /// The CSV copied to a temporary file (deleted when it is disposed), positioned at its start; or a problem:
    /// <see cref="Missing"/>, or <paramref name="tooLarge"/>(size, when known) when it is over <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<SpooledCsv> SpoolAsync(HttpContext http, long maxBytes, Func<long?, ProblemHttpResult> tooLarge)
    {
        var request = http.Request;
        var cancellationToken = http.RequestAborted;
        // Up to twice the limit is read (and a refused body drained), so the caller gets the answer rather than a reset connection.
        AllowBodyOf(http, (2 * maxBytes) + MultipartOverhead);
        Stream body;
        long? length;
        if (request.HasFormContentType)
        {
            if (NoBoundary(request) is { } noBoundary)
            {
                return new SpooledCsv(null, noBoundary);
            }

            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes + MultipartOverhead }, cancellationToken);
            }
            catch (InvalidDataException ex) when (ex.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal))
            {
                return new SpooledCsv(null, tooLarge(null)); // the form is over its length limit
            }
            catch (InvalidDataException ex)
            {
                return new SpooledCsv(null, Problems.BadRequest($"The multipart body is not well-formed: {ex.Message}"));
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                // The reader's "unexpected end of stream": the body ended without the closing boundary.
                return new SpooledCsv(null, Problems.BadRequest(
                    "The multipart body ends before its closing boundary: it was cut short. Send the whole form, with the CSV as its field 'file'."));
            }

            if (form.Files.GetFile("file") is not { } file)
            {
                return new SpooledCsv(null, Missing);
            }

            body = file.OpenReadStream();
            length = file.Length;
        }
        else
        {
            body = request.Body;
            length = request.ContentLength;
        }

        if (length > maxBytes)
        {
            await DrainAsync(body, cancellationToken);
            return new SpooledCsv(null, tooLarge(length));
        }

        var copy = TemporaryFile.Create();
        try
        {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += n;
                if (total > maxBytes)
                {
                    await copy.DisposeAsync();
                    await DrainAsync(body, cancellationToken);
                    return new SpooledCsv(null, tooLarge(length));
                }

                await copy.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }

            copy.Position = 0;
            return new SpooledCsv(copy, null);
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    /// <summary>400 for a multipart body whose Content-Type names no boundary: its parts cannot be found.</summary>
    private static ProblemHttpResult? NoBoundary(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(type.Boundary).Length == 0
            ? Problems.BadRequest(
                "The multipart body's Content-Type has no boundary (e.g. 'multipart/form-data; boundary=x'): its parts cannot be found. "
                + "Let your HTTP client build the form, or send the CSV as a text/csv body.")
            : null;

    /// <summary>Reads a refused body to its end, up to the request's size limit (past it the host closes the connection).</summary>
    private static async Task DrainAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Over the request size limit: the answer is still sent, and the host closes the connection after it.
        }
    }

    /// <summary>Lets this request's body be as large as the route accepts (the host's default is 30 MB), where the host allows it.</summary>
    private static void AllowBodyOf(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }
}
