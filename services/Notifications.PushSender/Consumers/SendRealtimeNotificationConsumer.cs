using MassTransit;
using Notifications.Contracts;
using Notifications.PushSender.Realtime;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.PushSender.Consumers;

/// <summary>Triggers the desktop notification and sound in an online recipient's browser.</summary>
public sealed class SendRealtimeNotificationConsumer(NotificationDelivery delivery, RealtimeDispatcher dispatcher) : IConsumer<SendRealtimeNotification>
{
    public Task Consume(ConsumeContext<SendRealtimeNotification> context)
    {
        var command = context.Message;
        // A command without an id or a message cannot be delivered idempotently or at all: error queue.
        if (string.IsNullOrWhiteSpace(command.NotificationId) || command.Recipient is null || command.Message is null)
            throw new InvalidMessageException("SendRealtimeNotification needs a NotificationId, a Recipient and a Message.");

        return delivery.DeliverAsync(context, DeliveryTicket.Of(command),
            cancellationToken => dispatcher.SendAsync(command, cancellationToken));
    }
}
