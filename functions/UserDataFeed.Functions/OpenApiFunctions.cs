using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>
/// GET /api/openapi.json, anonymous: the same document as the self-host's, generated in this process the first time it
/// is asked for (<see cref="ApiDocument.GenerateJsonAsync"/>) and kept.
/// </summary>
public sealed class OpenApiFunctions(OpenApiFunctions.Document document)
{
    [Function(ApiDocument.EndpointName)]
    public async Task<IResult> GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, Verbs.Get, Route = Routes.OpenApi)] HttpRequest request) =>
        TypedResults.Text(await document.JsonAsync(request.HttpContext.RequestAborted), "application/json; charset=utf-8");

    /// <summary>The document, made once per process.</summary>
    public sealed class Document(IConfiguration configuration)
    {
        private readonly Lazy<Task<string>> json = new(() => ApiDocument.GenerateJsonAsync(configuration, CancellationToken.None));

        public Task<string> JsonAsync(CancellationToken cancellationToken) => json.Value.WaitAsync(cancellationToken);
    }
}
