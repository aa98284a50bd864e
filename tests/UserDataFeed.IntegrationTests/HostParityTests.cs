using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UserDataFeed.Functions;

namespace UserDataFeed.IntegrationTests;

/// <summary>The Functions app and the self-host expose the same API from the same code.</summary>
public sealed partial class HostParityTests
{
    [Fact]
    public async Task Self_host_serves_every_http_function_in_functions_metadata_with_the_same_route_and_methods()
    {
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync("functions.metadata"));
        var functions = metadata.RootElement.EnumerateArray()
            .Where(f => !IsPageOrDocs(f.GetProperty("name").GetString()!)) // compared by their bytes: below and in OpenApiTests
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => (Name: f.GetProperty("name").GetString()!, Route: b.GetProperty("route").GetString()!,
                    Methods: string.Join(",", b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order()))))
            .OrderBy(f => f.Name)
            .ToList();
        Assert.Contains(metadata.RootElement.EnumerateArray(), f => f.GetProperty("bindings").EnumerateArray()
            .Any(b => b.GetProperty("type").GetString() == "timerTrigger" && b.GetProperty("schedule").GetString() == FeedFunctions.PollSchedule));
        Assert.DoesNotContain("%", FeedFunctions.PollSchedule, StringComparison.Ordinal); // resolved by the host from app settings, which may not have it
        Assert.Contains(metadata.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == nameof(ApiDocsFunctions.ApiDocs)
            && f.GetProperty("bindings")[0].GetProperty("route").GetString() == ApiDocsFunctions.Route);
        Assert.Contains(metadata.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == "FeedWork" && f.GetProperty("bindings").EnumerateArray()
            .Any(b => b.GetProperty("type").GetString() == "queueTrigger" && b.GetProperty("queueName").GetString() == "%Queues:Name%"));

        await using var service = await TestService.StartAsync();
        var endpoints = Describe(service.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Service.Api.RouteAccess>() is not null || e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == Service.Api.ApiDocument.EndpointName));
        using var functionServices = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(service.Settings).Build())
            .BuildServiceProvider();
        var functionEndpoints = Describe(functionServices.GetRequiredService<HttpFunctionRunner>().Endpoints);

        Assert.Equal(71, functions.Count); // the catalog's 70 routes and the OpenAPI document
        Assert.All(functions, f => Assert.StartsWith("api/", f.Route, StringComparison.Ordinal)); // host.json's route prefix is empty: the page may have '/'
        Assert.Equal(functions, endpoints);
        Assert.Equal(functions.Where(f => f.Name != Service.Api.ApiDocument.EndpointName), functionEndpoints);
    }

    [Fact]
    public async Task Functions_app_serves_the_admin_page_at_the_root_with_the_self_hosts_bytes_and_headers()
    {
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync("functions.metadata"));
        var pageRoutes = metadata.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("name").GetString()!.StartsWith(nameof(Service.Web.AdminPage), StringComparison.Ordinal))
            .Select(f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger").GetProperty("route").GetString())
            .Order().ToList();
        Assert.Equal([AdminPageFunctions.AssetRoute, AdminPageFunctions.PageRoute], pageRoutes);

        await using var service = await TestService.StartAsync();
        var functions = new AdminPageFunctions();
        foreach (var (path, asset) in new[] { ("/", (string?)null), ($"/{Service.Web.AdminPage.AssetPrefix}/js/app.js", "js/app.js"), ($"/{Service.Web.AdminPage.AssetPrefix}/nothing.js", "nothing.js") })
        {
            using var selfHost = await service.Operator.GetAsync(path);
            var http = new DefaultHttpContext { RequestServices = service.App.Services };
            http.Response.Body = new MemoryStream();
            var result = asset is null ? functions.Page(http.Request) : functions.Asset(http.Request, asset);
            await result.ExecuteAsync(http);

            Assert.Equal((int)selfHost.StatusCode, http.Response.StatusCode);
            Assert.Equal(await selfHost.Content.ReadAsByteArrayAsync(), ((MemoryStream)http.Response.Body).ToArray());
            Assert.Equal(string.Join(",", selfHost.Headers.GetValues("Content-Security-Policy")), http.Response.Headers.ContentSecurityPolicy.ToString());
            Assert.Equal(selfHost.Content.Headers.ContentType!.ToString(), http.Response.ContentType);
        }
    }

    [Fact]
    public async Task Both_hosts_serve_the_api_docs_with_the_pages_security_headers_and_a_policy_naming_the_pages_own_script()
    {
        await using var service = await TestService.StartAsync();
        using var functionServices = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(service.Settings).Build())
            .BuildServiceProvider();
        var docs = new ApiDocsFunctions(functionServices.GetRequiredService<HttpFunctionRunner>());
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = service.Address };
        string[] named = ["Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"];

        foreach (var path in new[] { "/api/docs/", "/api/docs", "/api/docs/scalar.js" })
        {
            using var selfHost = await noRedirects.GetAsync(path);
            var http = new DefaultHttpContext { RequestServices = functionServices };
            http.Request.Method = "GET";
            http.Request.Path = path;
            http.Response.Body = new MemoryStream();
            await (await docs.ApiDocs(http.Request)).ExecuteAsync(http);
            var headers = named.ToDictionary(h => h, h => selfHost.Headers.TryGetValues(h, out var v) ? string.Join(",", v) : "");

            Assert.Equal(headers, named.ToDictionary(h => h, h => http.Response.Headers[h].ToString()));
            Assert.Equal(("no-referrer", "nosniff", "DENY"), (headers["Referrer-Policy"], headers["X-Content-Type-Options"], headers["X-Frame-Options"]));
            Assert.Contains("frame-ancestors 'none'", headers["Content-Security-Policy"], StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", headers["Content-Security-Policy"], StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", headers["Content-Security-Policy"], StringComparison.Ordinal);
        }

        using var adminPage = await noRedirects.GetAsync("/");
        Assert.Equal(("no-referrer", "nosniff", "DENY"), (adminPage.Headers.GetValues("Referrer-Policy").Single(), adminPage.Headers.GetValues("X-Content-Type-Options").Single(), adminPage.Headers.GetValues("X-Frame-Options").Single()));

        using var page = await noRedirects.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();
        var script = InlineScript().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        var scriptSources = string.Join(",", page.Headers.GetValues("Content-Security-Policy")).Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Equal($"script-src 'self' 'sha256-{hash}'", scriptSources); // Scalar's inline start-up script by hash, and no other
    }

    [GeneratedRegex("<script type=\"module\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();

    private static bool IsPageOrDocs(string function) =>
        function.StartsWith(nameof(Service.Web.AdminPage), StringComparison.Ordinal) || function == nameof(ApiDocsFunctions.ApiDocs);

    /// <summary>The nearest host.json upwards from the test output: the Functions app's.</summary>
    private static JsonDocument HostJson()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "host.json")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        return JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "host.json")));
    }

    private static List<(string Name, string Route, string Methods)> Describe(IEnumerable<RouteEndpoint> endpoints) =>
        [.. endpoints
            .Select(e => (Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "", Route: e.RoutePattern.RawText?.TrimStart('/') ?? "",
                Methods: string.Join(",", (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Order())))
            .OrderBy(e => e.Name)];

    [Fact]
    public async Task Function_classes_serve_requests_in_process_with_the_shared_handlers()
    {
        var settings = TestService.NewSettings();
        var services = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        await FunctionCalls.StartAsync(services);
        var tenants = new TenantFunctions(services.GetRequiredService<HttpFunctionRunner>());
        var feed = new FeedFunctions(services.GetRequiredService<HttpFunctionRunner>(), services.GetRequiredService<Service.Import.FeedPoller>(), services.GetRequiredService<Service.Import.FeedWorker>());
        var operatorKey = settings["Auth:OperatorKey"]!;

        var put = await FunctionCalls.InvokeAsync(services, "PUT", "/api/tenants/inproc", operatorKey, """{"displayName":"In process","feedEnabled":true}""", tenants.PutTenant);
        var get = await FunctionCalls.InvokeAsync(services, "GET", "/api/tenants/inproc", operatorKey, null, tenants.GetTenant);
        var anonymous = await FunctionCalls.InvokeAsync(services, "GET", "/api/tenants/inproc/users", null, null, feed.ListUsers);
        var invalid = await FunctionCalls.InvokeAsync(services, "PUT", "/api/tenants/inproc", operatorKey, """{"displayName":""}""", tenants.PutTenant);

        Assert.Equal(StatusCodes.Status201Created, put.Status);
        Assert.Equal((200, "In process"), (get.Status, JsonDocument.Parse(get.Body).RootElement.GetProperty("displayName").GetString()));
        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Status);
        Assert.Equal(StatusCodes.Status400BadRequest, invalid.Status);
        Assert.Contains("feedEnabled", invalid.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_queue_settings_agree_with_the_self_hosts_and_let_the_product_see_poison_first()
    {
        using var host = HostJson();
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        var feed = new Service.FeedOptions();

        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString()); // as WorkQueue writes
        Assert.True(queues.GetProperty("maxDequeueCount").GetInt32() > feed.MaxDequeues); // the import fails with a reason before the host's poison queue
        Assert.Equal(feed.MaxParallelTenants, queues.GetProperty("batchSize").GetInt32() + queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.True(TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            >= feed.WorkBudget * 2); // room to plan and report around the budget's writing
    }

    [Fact]
    public void Host_json_leaves_the_root_path_free_since_every_api_function_route_starts_with_api_itself()
    {
        using var host = HostJson();

        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public async Task Queue_trigger_function_runs_a_tenants_work_in_process_with_the_shared_worker()
    {
        var settings = TestService.NewSettings();
        await using var selfHost = await TestService.StartAsync(s => { s.Clear(); foreach (var (k, v) in settings) { s[k] = v; } });
        var tenant = await FeedTenant.CreateAsync(selfHost, "queued-fn");
        await tenant.S3.UploadAsync(tenant.Bucket, "hr.csv", HrFile.Users("fn.example", 40));
        using var services = new ServiceCollection()
            .AddLogging()
            .AddUserDataFeedFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        var feed = new FeedFunctions(services.GetRequiredService<HttpFunctionRunner>(), services.GetRequiredService<Service.Import.FeedPoller>(), services.GetRequiredService<Service.Import.FeedWorker>());
        var body = new BinaryData(Adapters.Queues.WorkQueue.Serialize(new Adapters.Queues.WorkMessage("queued-fn", Adapters.Queues.WorkMessage.Check)));

        await feed.FeedWork(Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage("m1", "r1", body, dequeueCount: 1), CancellationToken.None);

        var import = Assert.Single((await tenant.Admin.GetJsonAsync("/api/tenants/queued-fn/feed/imports")).GetProperty("items").EnumerateArray());
        Assert.Equal(("completed", 40), (import.Str("status"), import.Count("created")));
    }
}
