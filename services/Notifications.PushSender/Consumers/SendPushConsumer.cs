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
    private static readonly SendPushValidator Validator = new();

    public Task Consume(ConsumeContext<SendPush> context)
    {
        var command = context.Message;
        Validator.EnsureValid(command);

        return delivery.DeliverAsync(context, DeliveryTicket.Of(command),
            cancellationToken => dispatcher.SendAsync(command, cancellationToken));
    }
}
