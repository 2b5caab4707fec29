namespace Notifications.Contracts;

/// <summary>Published when a provider accepted a notification.</summary>
public record NotificationDelivered
{
    public required string NotificationId { get; init; }

    /// <summary>email, sms, push or realtime (see <see cref="Channels"/>).</summary>
    public required string Channel { get; init; }

    public required string RecipientId { get; init; }

    public required string ConversationId { get; init; }

    public required string MessageId { get; init; }

    /// <summary>The provider that accepted it (smtp, pickup-directory, twilio, onesignal, pusher-beams, ...).</summary>
    public required string Provider { get; init; }

    public required DateTimeOffset DeliveredAt { get; init; }

    /// <summary>
    /// <c>accepted</c>: the provider took the notification (every channel publishes this once per notification).
    /// <c>delivered</c>: a later confirmation that it reached the handset (Twilio's status callback), published in
    /// addition for the same notification id. Count deliveries on <c>accepted</c>.
    /// </summary>
    public string Status { get; init; } = DeliveryStatuses.Accepted;

    /// <summary>When this notification was a fallback: the id of the notification it stood in for.</summary>
    public string? FallbackOf { get; init; }
}
