using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Quiet;

/// <summary>The note comes back from the delay ladder to the router's one queue, with the platform's events.</summary>
public sealed class QuietHoursEndedConsumerDefinition : ConsumerDefinition<QuietHoursEndedConsumer>
{
    public QuietHoursEndedConsumerDefinition() => EndpointName = QueueNames.Router;
}
