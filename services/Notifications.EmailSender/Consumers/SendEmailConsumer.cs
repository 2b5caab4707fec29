using MassTransit;
using Notifications.Contracts;
using Notifications.EmailSender.Composition;
using Notifications.EmailSender.Transport;
using Notifications.ServiceDefaults.Delivery;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender.Consumers;

/// <summary>
/// Emails one recipient about one chat message. Delivery (idempotency, retries, the result events) is
/// <see cref="NotificationDelivery"/>'s job; this consumer checks the command, composes and hands over.
/// </summary>
public sealed class SendEmailConsumer(EmailComposer composer, IEmailTransport transport, NotificationDelivery delivery) : IConsumer<SendEmail>
{
    public Task Consume(ConsumeContext<SendEmail> context)
    {
        var command = context.Message;
        SendEmailValidation.EnsureWellFormed(command);

        // Composing inside the send function: a missing or bad address is a permanent NotificationFailed the
        // router can act on, not a message in the error queue.
        return delivery.DeliverAsync(context, DeliveryTicket.Of(command), cancellationToken =>
        {
            var message = composer.Compose(command);
            return transport.SendAsync(new OutgoingEmail(command.NotificationId, command.Recipient.Id, message), cancellationToken);
        });
    }
}
