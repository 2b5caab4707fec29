using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router;

/// <summary>Composes the service; Program.cs and the integration tests both build it through here.</summary>
public static class RouterHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddNotificationsBus(bus => { });
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
