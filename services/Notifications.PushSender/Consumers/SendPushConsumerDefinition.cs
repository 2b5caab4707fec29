using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.PushSender.Consumers;

/// <summary>Binds the consumer to the queue the router sends push commands to.</summary>
public sealed class SendPushConsumerDefinition : ConsumerDefinition<SendPushConsumer>
{
    public SendPushConsumerDefinition()
    {
        EndpointName = QueueNames.SendPush;
        ConcurrentMessageLimit = 16;
    }
}
