namespace Notifications.Delivery;

/// <summary>
/// Which notification an outcome answers for: what <see cref="Notifications.Contracts.NotificationDelivered"/>,
/// <see cref="Notifications.Contracts.NotificationFailed"/> and <see cref="Notifications.Contracts.NotificationSuppressed"/>
/// carry besides their own facts. The router and the status callbacks know only these ids, not a whole
/// <see cref="DeliveryTicket"/>.
/// </summary>
/// <param name="FallbackOf">The notification this one stands in for, when its command was a fallback (the command's
/// <c>FallbackOf</c>): every outcome copies it, so the platform and the console see it was a fallback and of what.</param>
public sealed record OutcomeSubject(string NotificationId, string Channel, string RecipientId, string ConversationId, string MessageId,
    string? FallbackOf = null);
