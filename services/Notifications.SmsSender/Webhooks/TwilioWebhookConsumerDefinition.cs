using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.SmsSender.Webhooks;

/// <summary>Binds the consumer to the queue the gateway sends verified Twilio webhooks to.</summary>
public sealed class TwilioWebhookConsumerDefinition : ConsumerDefinition<TwilioWebhookConsumer>
{
    public TwilioWebhookConsumerDefinition()
    {
        EndpointName = QueueNames.SmsWebhooks;
    }
}
