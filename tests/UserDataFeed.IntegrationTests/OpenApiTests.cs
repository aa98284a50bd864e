using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Functions;
using UserDataFeed.Service.Api;

namespace UserDataFeed.IntegrationTests;

/// <summary>The API's OpenAPI document, as an admin's tools read it, and its interactive docs.</summary>
public sealed partial class OpenApiTests
{
    [Fact]
    public async Task Document_describes_every_route_with_its_parameters_bodies_problems_rate_limit_and_the_bearer_scheme()
    {
        await using var service = await TestService.StartAsync();

        var response = await service.Client(null).GetAsync("/api/openapi.json"); // anonymous
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(text)!;

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        Assert.Contains(document["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey("bearer"));
        var routes = CatalogRoutes(service);
        Assert.Equal(70, routes.Count);
        foreach (var route in routes)
        {
            var operation = document["paths"]?["/" + route.Template]?[route.Method.ToLowerInvariant()];
            Assert.True(operation is not null, $"{route.Method} /{route.Template} is not in the document");
            Assert.Equal(route.Name, operation["operationId"]?.GetValue<string>());
            var pathParameters = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>());
            Assert.Equal(TemplateParameters().Matches(route.Template).Select(m => m.Groups[1].Value).Order(), pathParameters.Order());
            // A SCIM route answers SCIM errors (RFC 7644 §3.12) in application/scim+json, and every other route RFC 7807 problems.
            var errorType = route.Scim ? "application/scim+json" : "application/problem+json";
            foreach (var status in new[] { "400", "401", "403", "429", "503" })
            {
                Assert.True(operation["responses"]?[status]?["content"]?[errorType] is not null, $"{route.Name} does not describe its {status} error as {errorType}");
            }

            if (route.Scim)
            {
                Assert.Equal("SCIM", operation["tags"]![0]!.GetValue<string>());
                // RFC 7644 §3.3 (a creation is 201), §3.6 (a DELETE is 204, no body), any other answer the resource (200).
                var success = route.Method == "DELETE" ? "204" : route.Name.StartsWith("Create", StringComparison.Ordinal) ? "201" : "200";
                Assert.True(operation["responses"]![success] is not null, $"{route.Name} does not describe its {success}");
                Assert.True(success == "204" || operation["responses"]![success]?["content"]?["application/scim+json"] is not null, $"{route.Name} does not describe its SCIM resource");
            }

            Assert.Equal("integer", operation["responses"]!["429"]!["headers"]?["Retry-After"]?["schema"]?["type"]?.GetValue<string>());

            Assert.Contains(operation["responses"]!.AsObject(), r => r.Key.StartsWith('2'));
            if (route.Body is { } body)
            {
                Assert.Equal(body.ContentTypes.Order(), operation["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Order());
            }
        }

        var users = document["paths"]!["/api/tenants/{tenantId}/users"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());
        Assert.Superset(new HashSet<string> { "tenantId", "status", "createdBy", "pageSize", "continuationToken" }, users.ToHashSet());
        var mapping = document["paths"]!["/api/tenants/{tenantId}/feed/mapping"]!["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Contains("fields", Resolve(document, mapping)["properties"]!.AsObject().Select(p => p.Key));
        var references = References(document).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(Resolves(document, reference), $"{reference} does not resolve"));
    }

    [Fact]
    public async Task Functions_app_serves_the_same_document_as_the_self_host()
    {
        await using var service = await TestService.StartAsync();
        var selfHost = JsonNode.Parse(await service.Client(null).GetStringAsync("/api/openapi.json"));
        using var functions = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(service.Settings).Build())
            .BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = functions };
        context.Request.Method = "GET";
        context.Request.Path = "/api/openapi.json";
        var body = new MemoryStream();
        context.Response.Body = body;

        var result = await new OpenApiFunctions(functions.GetRequiredService<OpenApiFunctions.Document>()).GetOpenApiDocument(context.Request);
        await result.ExecuteAsync(context);

        Assert.Equal((200, "application/json"), (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0]));
        Assert.True(JsonNode.DeepEquals(selfHost, JsonNode.Parse(Encoding.UTF8.GetString(body.ToArray()))), "The Functions app's document differs from the self-host's.");
    }

    [Fact]
    public async Task Interactive_docs_load_only_files_the_service_serves_itself_and_both_hosts_serve_the_same()
    {
        await using var service = await TestService.StartAsync();
        var client = service.Client(null);
        using var functions = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(service.Settings).Build())
            .BuildServiceProvider();
        var docsFunction = new ApiDocsFunctions(functions.GetRequiredService<HttpFunctionRunner>());

        var response = await client.GetAsync("/api/docs");
        var html = await response.Content.ReadAsStringAsync();
        var assets = AssetUrls().Matches(html).Select(m => m.Groups[2].Value).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"url\":\"api/openapi.json\"", html, StringComparison.Ordinal); // Scalar resolves it against the app's base path
        Assert.NotEmpty(assets);
        var paths = new List<string> { "/api/docs", "/api/docs/", "/api/docs/no-such-file.js" };
        foreach (var asset in assets)
        {
            var url = new Uri(new Uri(service.Address, "/api/docs/"), asset);
            Assert.True(url.Host == service.Address.Host && url.Port == service.Address.Port, $"The docs page loads {asset} from elsewhere");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            paths.Add(url.AbsolutePath);
        }

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.Address };
        foreach (var path in paths)
        {
            using var selfHost = await noRedirects.GetAsync(path); // /api/docs redirects to /api/docs/, in both hosts
            var context = new DefaultHttpContext { RequestServices = functions };
            context.Request.Method = "GET";
            context.Request.Path = path;
            var body = new MemoryStream();
            context.Response.Body = body;
            await (await docsFunction.ApiDocs(context.Request)).ExecuteAsync(context);

            Assert.Equal(((int)selfHost.StatusCode, selfHost.Content.Headers.ContentType?.MediaType), (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0]));
            Assert.True((await selfHost.Content.ReadAsByteArrayAsync()).SequenceEqual(body.ToArray()), $"The Functions app answers {path} with other bytes than the self-host.");
            Assert.Equal(selfHost.Headers.Location?.OriginalString, context.Response.Headers.Location.FirstOrDefault());
        }
    }

    private sealed record CatalogRoute(string Name, string Method, string Template, IAcceptsMetadata? Body, bool Scim);

    private static List<CatalogRoute> CatalogRoutes(TestService service) =>
        [.. service.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteAccess>() is not null)
            .Select(e => new CatalogRoute(
                e.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName,
                e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Single(),
                e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<IAcceptsMetadata>(),
                e.Metadata.GetMetadata<UserDataFeed.Service.Scim.ScimRoute>() is not null))];

    /// <summary>Every <c>$ref</c> in the document.</summary>
    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static bool Resolves(JsonNode document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return false;
        }

        JsonNode? node = document;
        foreach (var segment in reference[2..].Split('/'))
        {
            node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node is not null;
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? reference[2..].Split('/').Aggregate(document, (node, segment) => node[segment]!)
            : schema;

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex TemplateParameters();

    [GeneratedRegex(@"<(?:script|link)\b[^>]*\b(src|href)\s*=\s*""([^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetUrls();
}
