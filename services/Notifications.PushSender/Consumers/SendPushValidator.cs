using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.PushSender.Consumers;

/// <summary>
/// Structural checks of a <see cref="SendPush"/>: without an id or a message it cannot be delivered idempotently
/// or at all. A recipient without devices is not structural: the push plan reports it as a permanent failure.
/// </summary>
public sealed class SendPushValidator : IMessageValidator<SendPush>
{
    public string? Problem(SendPush command) =>
        // Deserialisation does not enforce `required`, so every reference may still be null here.
        NotificationIdRule.Problem(command.NotificationId, "SendPush")
            ?? (command.Recipient is null || command.Message is null ? "SendPush needs a NotificationId, a Recipient and a Message." : null);
}
