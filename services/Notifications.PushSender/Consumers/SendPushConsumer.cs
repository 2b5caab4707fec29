using MassTransit;
using Notifications.Contracts;
using Notifications.PushSender.Providers;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.PushSender.Consumers;

/// <summary>Notifies one recipient's registered devices about one chat message.</summary>
public sealed class SendPushConsumer(NotificationDelivery delivery, PushDispatcher dispatcher) : IConsumer<SendPush>
{
    public Task Consume(ConsumeContext<SendPush> context)
    {
        var command = context.Message;
        // A command without an id or a message cannot be delivered idempotently or at all: error queue.
        if (string.IsNullOrWhiteSpace(command.NotificationId) || command.Recipient is null || command.Message is null)
            throw new InvalidMessageException("SendPush needs a NotificationId, a Recipient and a Message.");

        return delivery.DeliverAsync(context, DeliveryTicket.Of(command),
            cancellationToken => dispatcher.SendAsync(command, cancellationToken));
    }
}
