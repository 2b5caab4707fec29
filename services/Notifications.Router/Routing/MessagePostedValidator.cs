using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>Checks a <c>MessagePosted</c> before routing; the reason names the field that is wrong.</summary>
public static class MessagePostedValidator
{
    public static string? Validate(MessagePosted message, RoutingOptions options)
    {
        if (string.IsNullOrWhiteSpace(message.MessageId))
            return "messageId is required.";
        if (string.IsNullOrWhiteSpace(message.ConversationId))
            return "conversationId is required.";
        if (message.Sender is null)
            return "sender is required.";
        if (string.IsNullOrWhiteSpace(message.Sender.Id))
            return "sender.id is required.";
        if (message.Sender.Role is not (ParticipantRoles.User or ParticipantRoles.Agent or ParticipantRoles.Bot))
            return $"sender.role must be \"user\", \"agent\" or \"bot\", not \"{message.Sender.Role}\".";
        if (message.Text is null)
            return "text is required.";
        if (message.Text.Length > options.MaxMessageLength)
            return $"text is {message.Text.Length} characters long; at most {options.MaxMessageLength} are accepted (Routing:MaxMessageLength).";
        if (message.PostedAt == default)
            return "postedAt is required (ISO-8601 with offset).";
        if (message.Conversation is null)
            return "conversation is required.";
        if (string.IsNullOrWhiteSpace(message.Conversation.UserId))
            return "conversation.userId is required.";
        foreach (var attachment in message.Attachments ?? [])
        {
            if (attachment is null || string.IsNullOrWhiteSpace(attachment.Url)
                || !Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                return "attachments[].url must be an absolute http(s) URL.";
        }
        return null;
    }
}
