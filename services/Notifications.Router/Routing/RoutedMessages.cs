using Notifications.Contracts;

namespace Notifications.Router.Routing;

/// <summary>Builds the <c>MessageRouted</c> summary of one carried-out decision.</summary>
public static class RoutedMessages
{
    /// <param name="held">Held in a delay window or the recipient's quiet hours, not sent yet.</param>
    /// <param name="heldForFallback">The fallback-only SMS and push kept beside an email (<c>Sms:Mode</c>, <c>Push:Mode</c>).</param>
    public static MessageRouted Of(MessagePosted message, IEnumerable<RoutedNotification> sent, IEnumerable<SuppressedNotification> suppressed, DateTimeOffset routedAt,
        IEnumerable<RoutedNotification>? heldForFallback = null, IEnumerable<HeldNotification>? held = null) => new()
    {
        MessageId = message.MessageId,
        ConversationId = message.ConversationId,
        RoutedAt = routedAt,
        Notifications = sent.ToArray(),
        HeldForFallback = heldForFallback?.ToArray() ?? [],
        Held = held?.ToArray() ?? [],
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
