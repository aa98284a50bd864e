using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Service.Api;

namespace UserDataFeed.Functions;

/// <summary>Hands an HTTP function's request to the shared dispatcher and returns its result as an action result.</summary>
public sealed class HttpFunctionRunner(ApiDispatcher dispatcher)
{
    public async Task<IActionResult> RunAsync(ApiRoute route, HttpRequest request) =>
        new ResultAction(await dispatcher.InvokeAsync(route, request.HttpContext));

    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
