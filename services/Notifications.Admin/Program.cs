using Notifications.Admin;

var app = AdminHost.Build(WebApplication.CreateBuilder(args));
await app.RunAsync();
