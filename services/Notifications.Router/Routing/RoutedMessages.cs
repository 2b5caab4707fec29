using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>Builds the <c>MessageRouted</c> summary of one carried-out decision.</summary>
public static class RoutedMessages
{
    public static MessageRouted Of(MessagePosted message, IEnumerable<RoutedNotification> sent, IEnumerable<SuppressedNotification> suppressed, DateTimeOffset routedAt) => new()
    {
        MessageId = message.MessageId,
        ConversationId = message.ConversationId,
        RoutedAt = routedAt,
        Notifications = sent.ToArray(),
        Suppressions = suppressed.Select(s => new RoutedSuppression
        {
            NotificationId = NotificationIds.For(message.MessageId, s.RecipientId, s.Channel),
            RecipientId = s.RecipientId,
            Channel = s.Channel,
            Rule = s.Rule,
            Reason = s.Reason,
        }).ToArray(),
    };
}
