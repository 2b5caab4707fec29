using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Notifications.ConsumerHealth;

/// <summary>
/// While a dependency is down every message fails: the kill switch stops consuming for a while rather than cycling
/// every message through its retries and the delay ladder (<c>Messaging:KillSwitch*</c>; a trip percent of 0 leaves
/// it out).
/// </summary>
public sealed class KillSwitchEndpointHook : IBusConfigurationHook
{
    public void ConfigureEndpoint(string queue, IReceiveEndpointConfigurator endpoint, IServiceProvider services)
    {
        var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        if (messaging.KillSwitchTripPercent > 0)
            services.GetRequiredService<KillSwitches>().Install(queue, endpoint, messaging);
    }
}
