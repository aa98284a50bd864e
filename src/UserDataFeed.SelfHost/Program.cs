using UserDataFeed.SelfHost;

var app = SelfHostApp.Build(args);
await app.RunAsync();
