using Notifications.ServiceDefaults.Messaging.Topology;
using Notifications.WebhookSender;

var builder = WebApplication.CreateBuilder(args);
// --declare-topology: declare the exchanges and queues the platform publishes into, then exit.
if (await TopologyCommand.RunIfAskedAsync(args, builder.Configuration) is { } exitCode)
    return exitCode;
var app = WebhookSenderHost.Build(builder);
await app.RunAsync();
return 0;
