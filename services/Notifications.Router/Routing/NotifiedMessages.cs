using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>The part of a chat message every channel command carries: what the senders need to tell the recipient about it.</summary>
public static class NotifiedMessages
{
    public static NotifiedMessage Of(MessagePosted message) => new()
    {
        MessageId = message.MessageId,
        ConversationId = message.ConversationId,
        Sender = message.Sender,
        Text = message.Text,
        Attachments = message.Attachments,
        PostedAt = message.PostedAt,
    };
}
