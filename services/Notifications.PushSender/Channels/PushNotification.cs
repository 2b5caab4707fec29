using Notifications.Contracts;
using Notifications.ServiceDefaults.Recording;

namespace Notifications.PushSender.Channels;

/// <summary>What every push provider shows and carries, built once from a <see cref="SendPush"/> command.</summary>
public sealed record PushNotification(
    string NotificationId,
    string RecipientId,
    string ConversationId,
    string MessageId,
    string Title,
    string Body)
{
    /// <summary>Lock screens show two or three lines; the full message is one tap away.</summary>
    public const int MaxBodyLength = 180;

    public static PushNotification From(SendPush command) => new(
        command.NotificationId,
        command.Recipient.Id,
        command.Message.ConversationId,
        command.Message.MessageId,
        command.Message.Sender.Name,
        NotificationText.Shorten(command.Message.Text.Trim(), MaxBodyLength));

    /// <summary>The app opens the conversation from these; all strings so every platform's SDK reads them alike.</summary>
    public IReadOnlyDictionary<string, string> Data => new Dictionary<string, string>
    {
        ["conversationId"] = ConversationId,
        ["messageId"] = MessageId,
        ["notificationId"] = NotificationId,
    };
}
