using System.Net;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// While <see cref="Failure"/> is set, fails every batch written to the <see cref="UsersTable"/> before it leaves
/// the process: as a bug in the code below the store client would (an exception that is no store fault), or as an
/// unavailable store (503, which the client retries and then reports as a store fault), or as a store that refuses
/// the batch (400 <c>PropertyValueTooLarge</c>, which no retry changes).
/// </summary>
public sealed class FailingUserBatchHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public enum Kind { Bug, Unavailable, Refused }

    /// <summary>Said by the injected bug: it looks like a cell value, so it must never reach the record or the logs.</summary>
    public const string BugMessage = "Injected bug on the value secret-cell@bug.example";

    public Kind? Failure { get; set; }

    /// <summary>The users table's name (the test's prefix + "Users"); set before arming.</summary>
    public string UsersTable { get; set; } = "";

    public int Failed => Volatile.Read(ref failed);

    /// <summary>The user batches the store answered with a 4xx status (a body over 4 MiB, for one), once <see cref="UsersTable"/> is set.</summary>
    public int RefusedByStore => Volatile.Read(ref refusedByStore);

    /// <summary>How many user batches go through once armed before the failures start (so a run stops part-way).</summary>
    public int PassFirst { get; set; }

    /// <summary>When set, only the batches whose body holds this text fail.</summary>
    public string? OnlyWith { get; set; }

    private int failed;
    private int refusedByStore;
    private int passed;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var userBatch = UsersTable.Length > 0 && await IsUserBatchAsync(request, cancellationToken);
        if (Failure is { } kind && userBatch && Interlocked.Increment(ref passed) > PassFirst)
        {
            Interlocked.Increment(ref failed);
            return kind switch
            {
                Kind.Bug => throw new InvalidOperationException(BugMessage),
                Kind.Refused => Refusal(request),
                _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("") },
            };
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (userBatch && (int)response.StatusCode is >= 400 and < 500)
        {
            Interlocked.Increment(ref refusedByStore);
        }

        return response;
    }

    private async Task<bool> IsUserBatchAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) || request.Content is null)
        {
            return false;
        }

        await request.Content.LoadIntoBufferAsync(cancellationToken); // the body names the table; buffered, it is still sent whole
        var body = await request.Content.ReadAsStringAsync(cancellationToken);
        if (OnlyWith is { } text && !body.Contains(text, StringComparison.Ordinal))
        {
            return false;
        }

        return body.Contains("/" + UsersTable + "(", StringComparison.Ordinal) || body.Contains("/" + UsersTable + " ", StringComparison.Ordinal);
    }

    private static HttpResponseMessage Refusal(HttpRequestMessage request)
    {
        var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            RequestMessage = request,
            Content = new StringContent(
                """{"odata.error":{"code":"PropertyValueTooLarge","message":{"lang":"en-US","value":"The property value exceeds the maximum allowed size (64KB)."}}}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        response.Headers.Add("x-ms-error-code", "PropertyValueTooLarge");
        return response;
    }
}
