using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace UserDataFeed.Service.Api;

public static class ApiServices
{
    /// <summary>
    /// What the routes of <see cref="ApiCatalog"/> need in either host: routing, the JSON options of the bodies, problem
    /// details, the exception handler, the list tokens, the rate limits and the checks before an endpoint.
    /// </summary>
    public static IServiceCollection AddUserDataFeedApi(this IServiceCollection services)
    {
        services.AddRouting();
        // A route's body content types describe it in the OpenAPI document. Routing would also refuse a request of another
        // content type with a bare 415 of its own, before RouteChecks (a request without a token is 401 whatever it sends):
        // the request delegate answers it instead, as a problem that says why (ApiExceptionHandler), as the Functions app does.
        var acceptsPolicy = typeof(MatcherPolicy).Assembly.GetType("Microsoft.AspNetCore.Routing.Matching.AcceptsMatcherPolicy", throwOnError: true);
        foreach (var policy in services.Where(d => d.ServiceType == typeof(MatcherPolicy) && d.ImplementationType == acceptsPolicy).ToList())
        {
            services.Remove(policy);
        }

        services.ConfigureHttpJsonOptions(JsonBody.Configure);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<ContinuationTokens>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<RouteChecks>();
        // A route value, header or body the binder cannot read is thrown as a BadHttpRequestException, which ApiExceptionHandler
        // answers as a problem that says why (a JSON body's through JsonBody.ProblemAsync).
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
