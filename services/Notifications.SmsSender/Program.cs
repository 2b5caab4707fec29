using Notifications.SmsSender;

var app = SmsSenderHost.Build(WebApplication.CreateBuilder(args));
await app.RunAsync();
