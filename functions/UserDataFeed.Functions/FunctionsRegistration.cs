using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Service;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.Functions;

public static class FunctionsRegistration
{
    /// <summary>The services the function classes need, and their telemetry; tests use it to call them in-process.</summary>
    public static IServiceCollection AddUserDataFeedFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUserDataFeed(configuration);
        services.AddSingleton<HttpFunctionRunner>();
        services.AddHostedService<FunctionRoutes>(); // the worker does not start with a function out of step with the catalog
        services.AddSingleton(new OpenApiFunctions.Document(configuration));
        // The shared OpenTelemetry registration, plus the worker's: the function invocation's trace context and resource.
        services.AddFeedTelemetry(configuration).UseFunctionsWorkerDefaults();
        return services;
    }
}
