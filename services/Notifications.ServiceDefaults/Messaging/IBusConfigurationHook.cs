using MassTransit;

namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// Middleware that a project beside this one adds to the bus (the delayed redelivery, the kill switch): registered
/// in the container, called by <see cref="BusRegistration"/> while it configures the bus.
/// </summary>
public interface IBusConfigurationHook
{
    /// <summary>Called before the in-memory retries are configured, so what it adds sits outside them and sees a
    /// failure only once every retry is spent.</summary>
    void ConfigureOutsideRetries(IConsumePipeConfigurator bus, IServiceProvider services) { }

    /// <summary>Called once for every receive endpoint (<paramref name="queue"/> is its queue's name).</summary>
    void ConfigureEndpoint(string queue, IReceiveEndpointConfigurator endpoint, IServiceProvider services) { }
}
