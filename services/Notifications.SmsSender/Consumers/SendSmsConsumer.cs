using MassTransit;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Delivery;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SmsSender.Channels;

namespace Notifications.SmsSender.Consumers;

/// <summary>Texts one recipient about one chat message, through the configured <see cref="ISmsChannel"/>.</summary>
public sealed class SendSmsConsumer(NotificationDelivery delivery, SmsComposer composer, ISmsChannel channel) : IConsumer<SendSms>
{
    public Task Consume(ConsumeContext<SendSms> context)
    {
        var command = context.Message;
        // A command without an id or a message cannot be delivered idempotently or at all: error queue.
        if (string.IsNullOrWhiteSpace(command.NotificationId) || command.Recipient is null || command.Message is null)
            throw new InvalidMessageException("SendSms needs a NotificationId, a Recipient and a Message.");

        return delivery.DeliverAsync(context, DeliveryTicket.Of(command),
            cancellationToken => channel.SendAsync(composer.Compose(command), cancellationToken));
    }
}
