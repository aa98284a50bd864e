using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.Service.Api;

public static class ApiServices
{
    /// <summary>What the routes of <see cref="ApiCatalog"/> need in either host: problem details, the exception handler, the list tokens.</summary>
    public static IServiceCollection AddUserDataFeedApi(this IServiceCollection services)
    {
        services.AddRouting();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<RouteChecks>();
        // A route value or header the binder cannot read is thrown as a BadHttpRequestException, which ApiExceptionHandler answers as a 400 problem.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
