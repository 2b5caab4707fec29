using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Window;

/// <summary>The note comes back from the delay ladder to the router's one queue, with the platform's events.</summary>
public sealed class DelayWindowElapsedConsumerDefinition : ConsumerDefinition<DelayWindowElapsedConsumer>
{
    public DelayWindowElapsedConsumerDefinition() => EndpointName = QueueNames.Router;
}
