using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.SmsSender.Consumers;

/// <summary>Binds the consumer to the queue the router sends SMS commands to.</summary>
public sealed class SendSmsConsumerDefinition : ConsumerDefinition<SendSmsConsumer>
{
    public SendSmsConsumerDefinition()
    {
        EndpointName = QueueNames.SendSms;
        // Twilio's default account limit is about one message per second per number: keep bursts modest.
        ConcurrentMessageLimit = 8;
    }
}
