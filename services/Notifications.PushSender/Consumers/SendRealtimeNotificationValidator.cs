using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.PushSender.Consumers;

/// <summary>
/// Structural checks of a <see cref="SendRealtimeNotification"/>: without an id or a message it cannot be delivered
/// idempotently or at all. A recipient id unfit for a Pusher channel name is reported as a permanent failure instead.
/// </summary>
public sealed class SendRealtimeNotificationValidator : IMessageValidator<SendRealtimeNotification>
{
    public string? Problem(SendRealtimeNotification command) =>
        // Deserialisation does not enforce `required`, so every reference may still be null here.
        NotificationIdRule.Problem(command.NotificationId, "SendRealtimeNotification")
            ?? (command.Recipient is null || command.Message is null ? "SendRealtimeNotification needs a NotificationId, a Recipient and a Message." : null);
}
