using Notifications.Router;

var app = RouterHost.Build(WebApplication.CreateBuilder(args));
await app.RunAsync();
