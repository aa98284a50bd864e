using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace UserDataFeed.IntegrationTests;

/// <summary>What an HTTP function answered when called in-process, as the Functions worker would call it.</summary>
public sealed record FunctionAnswer(int Status, string? ContentType, string? RetryAfter, string Body);

/// <summary>Calls an HTTP function of the Functions app in-process with a request of its own scope.</summary>
public static class FunctionCalls
{
    /// <summary>
    /// Runs the start-up step the Functions host runs before it takes invocations (<see cref="Service.TableCreation"/>: the
    /// tables), for the app's services built without a host on tables of their own.
    /// </summary>
    public static Task StartAsync(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<Service.TableCreation>().Single().StartingAsync(CancellationToken.None);

    public static async Task<FunctionAnswer> InvokeAsync(
        IServiceProvider services, string method, string path, string? token, string? body, Func<HttpRequest, Task<IResult>> function)
    {
        using var scope = services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Path = path;
        if (token is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {token}";
        }

        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        await (await function(context.Request)).ExecuteAsync(context);
        return new FunctionAnswer(
            context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.RetryAfter.FirstOrDefault(), Encoding.UTF8.GetString(responseBody.ToArray()));
    }
}
