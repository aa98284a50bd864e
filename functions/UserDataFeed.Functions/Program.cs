using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using UserDataFeed.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddUserDataFeedFunctions(builder.Configuration);
await builder.Build().RunAsync();
