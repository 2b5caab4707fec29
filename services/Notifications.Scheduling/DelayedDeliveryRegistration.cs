using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults;

namespace Notifications.Scheduling;

public static class DelayedDeliveryRegistration
{
    /// <summary>
    /// Adds <see cref="DelayedDelivery"/>, the ladder's declaration in the background, and a readiness check named
    /// <paramref name="healthCheckName"/>. The caller names its destinations in <see cref="DelayedDeliveryOptions"/>.
    /// Called again (the router's waits and its redelivery share one ladder), it only adds destinations: the first
    /// caller's health check name stays.
    /// </summary>
    public static OptionsBuilder<DelayedDeliveryOptions> AddDelayedDelivery(this IHostApplicationBuilder builder, string healthCheckName)
    {
        if (builder.Services.Any(service => service.ServiceType == typeof(DelayLadderDeclaration)))
            return builder.Services.AddOptions<DelayedDeliveryOptions>();

        builder.Services.AddSingleton<DelayLadderDeclaration>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DelayLadderDeclaration>());
        builder.Services.AddSingleton<DelayedDelivery>();
        builder.Services.AddHealthChecks().AddCheck<DelayLadderHealthCheck>(healthCheckName, tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder.Services.AddOptions<DelayedDeliveryOptions>();
    }
}
