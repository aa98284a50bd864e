using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Service;

namespace UserDataFeed.Functions;

public static class FunctionsRegistration
{
    /// <summary>The services the function classes need; tests use it to call them in-process.</summary>
    public static IServiceCollection AddUserDataFeedFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUserDataFeed(configuration);
        services.AddSingleton<HttpFunctionRunner>();
        services.AddHostedService<MetricsToApplicationInsights>();
        return services;
    }
}
