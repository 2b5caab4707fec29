using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.EmailSender.Consumers;

/// <summary>
/// Structural checks of a <see cref="SendEmail"/>. A command failing them can never be sent or even reported
/// (no id to report on), so it goes to the error queue with the reason. A missing or invalid email address is
/// not structural: it is reported as a permanent failure by the composer.
/// </summary>
public sealed class SendEmailValidator : IMessageValidator<SendEmail>
{
    public string? Problem(SendEmail command)
    {
        // Deserialisation does not enforce `required`, so every reference may still be null here.
        if (command is null)
            return "SendEmail is empty.";
        if (NotificationIdRule.Problem(command.NotificationId, "SendEmail") is { } notificationId)
            return notificationId;
        if (command.Recipient is null || string.IsNullOrWhiteSpace(command.Recipient.Id))
            return $"SendEmail {command.NotificationId} has no recipient id.";
        if (command.Recipient.Role is not (ParticipantRoles.Agent or ParticipantRoles.User))
            return $"SendEmail {command.NotificationId} is for a recipient with role '{command.Recipient.Role}'; only agents and users get emails.";
        if (command.Message is null || string.IsNullOrWhiteSpace(command.Message.MessageId) || string.IsNullOrWhiteSpace(command.Message.ConversationId))
            return $"SendEmail {command.NotificationId} has no message, message id or conversation id.";
        if (command.Message.Sender is null)
            return $"SendEmail {command.NotificationId} has no message sender.";
        return null;
    }
}
