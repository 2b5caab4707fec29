using Microsoft.Extensions.DependencyInjection;
using Notifications.AppHost;

// `make run`: the seven services under Aspire's orchestrator with its dashboard, against RabbitMQ and Redis as
// containers (a Docker engine answers) or the local ones of deploy/local/infra.sh (it does not).
var builder = DistributedApplication.CreateBuilder(args);
var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var infrastructure = Infrastructure.Add(builder);
var services = new ServiceResources(builder, infrastructure, repositoryRoot);

services.Add<Projects.Notifications_Router>("router");
services.Add<Projects.Notifications_EmailSender>("email-sender");
services.Add<Projects.Notifications_SmsSender>("sms-sender");
services.Add<Projects.Notifications_PushSender>("push-sender");
services.Add<Projects.Notifications_WebhookSender>("webhook-sender");
var admin = services.Add<Projects.Notifications_Admin>("admin");
var gateway = services.Add<Projects.Notifications_Gateway>("gateway");

builder.Services.AddSingleton(new RunSummary(services.Names, admin, gateway, infrastructure));
builder.Services.AddHostedService<RunWatcher>();

builder.Build().Run();
return Environment.ExitCode;
