using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Escalation;

/// <summary>The note comes back from the delay ladder to the router's one queue, with the platform's events.</summary>
public sealed class EscalationDueConsumerDefinition : ConsumerDefinition<EscalationDueConsumer>
{
    public EscalationDueConsumerDefinition() => EndpointName = QueueNames.Router;
}
