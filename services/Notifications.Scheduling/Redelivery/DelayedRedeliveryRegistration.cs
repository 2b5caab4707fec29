using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Notifications.Scheduling.Redelivery;

namespace Notifications.Scheduling.Redelivery;

public static class DelayedRedeliveryRegistration
{
    /// <summary>The readiness check's name in a service that delays nothing but its redeliveries.</summary>
    public const string HealthCheckName = "delay-ladder";

    /// <summary>
    /// Messages of <paramref name="queues"/> (the service's receive endpoints) whose in-memory retries all failed come
    /// back through the delay ladder (<see cref="RedeliveryPolicy"/>, <c>Messaging:Redelivery*</c>) instead of going
    /// to the error queue at once.
    /// </summary>
    public static IHostApplicationBuilder AddDelayedRedelivery(this IHostApplicationBuilder builder, params string[] queues)
    {
        builder.AddDelayedDelivery(HealthCheckName).Configure(delivery =>
        {
            foreach (var queue in queues)
                delivery.Destinations.Add(queue);
        });
        // Replaces the policy without redelivery that a sender's delivery pipeline may have registered first.
        builder.Services.Replace(ServiceDescriptor.Singleton<RedeliveryPolicy, RedeliveryPolicy>());
        builder.Services.TryAddSingleton<LadderRedeliveryTransport>();
        builder.Services.AddSingleton<IBusConfigurationHook, DelayedRedeliveryConfiguration.Hook>();
        return builder;
    }
}
