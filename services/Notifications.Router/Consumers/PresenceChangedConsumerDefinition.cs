using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Every inbound event shares the router's one queue (and so one error queue: notifications-router_error).</summary>
public sealed class PresenceChangedConsumerDefinition : ConsumerDefinition<PresenceChangedConsumer>
{
    public PresenceChangedConsumerDefinition() => EndpointName = QueueNames.Router;
}
