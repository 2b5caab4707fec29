namespace Notifications.Contracts;

/// <summary>Published when a notification could not be sent.</summary>
public record NotificationFailed
{
    public required string NotificationId { get; init; }

    /// <summary>email, sms, push or realtime (see <see cref="Channels"/>).</summary>
    public required string Channel { get; init; }

    public required string RecipientId { get; init; }

    public required string ConversationId { get; init; }

    public required string MessageId { get; init; }

    /// <summary>What went wrong and, where it can be, what to fix. Never carries a secret.</summary>
    public required string Reason { get; init; }

    /// <summary>True when retrying cannot help (invalid address, authentication failure, blocked destination).</summary>
    public required bool Permanent { get; init; }

    public required DateTimeOffset FailedAt { get; init; }

    /// <summary>
    /// True for a provider's report that came after the send already had its outcome (a bounce or complaint that
    /// arrived after the SMTP exchange, Twilio's "undelivered" status callback). The notification may then have a
    /// <see cref="NotificationDelivered"/> (status <c>accepted</c>) before this.
    /// </summary>
    public bool FollowUp { get; init; }

    /// <summary>What the failure says about the address (<see cref="BounceKinds"/>); null when it says nothing.</summary>
    public string? Bounce { get; init; }

    /// <summary>When this notification was a fallback: the id of the notification it stood in for.</summary>
    public string? FallbackOf { get; init; }
}
