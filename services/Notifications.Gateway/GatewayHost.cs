using Notifications.Gateway.Ingest;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Gateway;

/// <summary>
/// The public edge (notification-rules.md, "The public edge"): what the internet calls comes here, is authenticated
/// and validated, and is published to the broker. It holds no provider logic and no console. It starts with the
/// HTTP ingest for platforms that cannot hold an AMQP connection.
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // Publishes only: no receive endpoint, so a gateway never takes messages meant for the services.
        builder.AddNotificationsBus(_ => { });
        builder.AddIngest();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngest();
        return app;
    }
}
