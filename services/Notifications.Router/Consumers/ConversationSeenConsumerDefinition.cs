using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Consumers;

/// <summary>Every inbound event shares the router's one queue (and so one error queue: notifications-router_error).</summary>
public sealed class ConversationSeenConsumerDefinition : ConsumerDefinition<ConversationSeenConsumer>
{
    public ConversationSeenConsumerDefinition() => EndpointName = QueueNames.Router;
}
