using MassTransit;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.WebhookSender.Consumers;

/// <summary>Every event type's consumer reads the one queue, so one delay ladder destination serves them all.</summary>
public sealed class WebhookConsumerDefinition<T> : ConsumerDefinition<WebhookConsumer<T>> where T : class
{
    public WebhookConsumerDefinition()
    {
        EndpointName = QueueNames.SendWebhook;
        // One receiver takes them all: keep what is in flight towards it modest.
        ConcurrentMessageLimit = 16;
    }
}
