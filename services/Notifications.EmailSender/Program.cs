using Notifications.EmailSender;

var app = EmailSenderHost.Build(WebApplication.CreateBuilder(args));
await app.RunAsync();
