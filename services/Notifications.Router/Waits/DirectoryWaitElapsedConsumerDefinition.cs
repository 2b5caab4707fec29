using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.Router.Waits;

/// <summary>The note comes back from the delay ladder to the router's one queue, with the platform's events.</summary>
public sealed class DirectoryWaitElapsedConsumerDefinition : ConsumerDefinition<DirectoryWaitElapsedConsumer>
{
    public DirectoryWaitElapsedConsumerDefinition() => EndpointName = QueueNames.Router;
}
