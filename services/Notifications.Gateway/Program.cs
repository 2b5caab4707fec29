using Notifications.Gateway;

var app = GatewayHost.Build(WebApplication.CreateBuilder(args));
await app.RunAsync();
