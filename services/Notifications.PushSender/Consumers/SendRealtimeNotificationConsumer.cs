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
    private static readonly SendRealtimeNotificationValidator Validator = new();

    public Task Consume(ConsumeContext<SendRealtimeNotification> context)
    {
        var command = context.Message;
        Validator.EnsureValid(command);

        return delivery.DeliverAsync(context, DeliveryTicket.Of(command),
            cancellationToken => dispatcher.SendAsync(command, cancellationToken));
    }
}
