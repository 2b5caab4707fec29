using Microsoft.Extensions.Options;
using Notifications.Router.Routing;
using Notifications.Router.Window;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Waits;

public static class WaitsRegistration
{
    /// <summary>The readiness check's name, kept from the fixed-TTL wait queues it replaces (dashboards and probes know it).</summary>
    public const string HealthCheckName = "router-wait-queues";

    /// <summary>
    /// The router's waits (and delay windows) on the delay ladder, which delivers to the router's own queue. A wait of 0 s switches
    /// that wait off (the ladder stays: the router's redelivery uses it too).
    /// </summary>
    public static IHostApplicationBuilder AddRouterWaits(this IHostApplicationBuilder builder)
    {
        builder.AddDelayedDelivery(HealthCheckName)
            .Configure<IOptions<RoutingOptions>, IOptions<DelayWindowOptions>>((delivery, routing, windows) =>
            {
                delivery.ClientName = "notifications-router-wait-setup";
                if (routing.Value.TakeoverGraceSeconds > 0 || routing.Value.DirectoryWaitSeconds > 0 || routing.Value.EscalateAfterSeconds > 0 || windows.Value.AnyWindow)
                    delivery.Destinations.Add(QueueNames.Router);
            });
        builder.Services.AddSingleton<HeldMessages>();
        builder.Services.AddSingleton<IRoutingWaits, RouterWaits>();
        return builder;
    }
}
