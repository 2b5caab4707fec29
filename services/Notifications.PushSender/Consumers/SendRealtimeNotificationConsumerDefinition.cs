using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.PushSender.Consumers;

/// <summary>Binds the consumer to the queue the router sends realtime commands to.</summary>
public sealed class SendRealtimeNotificationConsumerDefinition : ConsumerDefinition<SendRealtimeNotificationConsumer>
{
    public SendRealtimeNotificationConsumerDefinition()
    {
        EndpointName = QueueNames.SendRealtime;
        ConcurrentMessageLimit = 16;
    }
}
