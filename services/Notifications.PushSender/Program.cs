using Notifications.PushSender;

var app = PushSenderHost.Build(WebApplication.CreateBuilder(args));
await app.RunAsync();
