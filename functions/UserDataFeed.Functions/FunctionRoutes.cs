using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace UserDataFeed.Functions;

/// <summary>
/// The HTTP functions' declarations against the API's catalog: every route of the catalog has the function of its name,
/// with the same template and methods. The host routes a request by the function's declaration, the endpoint it runs is
/// the catalog's, so the two must not drift: the worker does not start when they do (<see cref="Check"/>).
/// </summary>
public sealed class FunctionRoutes(HttpFunctionRunner api) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Mismatches(typeof(FunctionRoutes).Assembly.GetTypes(), api.Endpoints) is { Count: > 0 } mismatches)
        {
            throw new InvalidOperationException("The HTTP functions do not declare the API's routes: " + string.Join("; ", mismatches));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Each catalog route whose function is missing or declares another template or other methods, said in words.</summary>
    public static List<string> Mismatches(IEnumerable<Type> functionTypes, IEnumerable<RouteEndpoint> catalog)
    {
        var declared = functionTypes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .ToLookup(f => f.Function!.Name, f => (Route: f.Trigger!.Route ?? "", Methods: Methods(f.Trigger.Methods ?? [])), StringComparer.Ordinal);

        List<string> mismatches = [];
        foreach (var endpoint in catalog)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "";
            var route = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            var methods = Methods(endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []);
            var functions = declared[name].ToList();
            if (functions.Count != 1)
            {
                mismatches.Add($"{name} ({methods} {route}) has {functions.Count} functions");
            }
            else if (functions[0] != (route, methods))
            {
                mismatches.Add($"{name} is {methods} {route} in the catalog but {functions[0].Methods} {functions[0].Route} as a function");
            }
        }

        return mismatches;
    }

    private static string Methods(IEnumerable<string> methods) => string.Join(",", methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal));
}
