namespace Notifications.Contracts;

/// <summary>Published when the rules decided not to send a notification, with the reason.</summary>
public record NotificationSuppressed
{
    public required string NotificationId { get; init; }

    /// <summary>email, sms, push or realtime (see <see cref="Channels"/>).</summary>
    public required string Channel { get; init; }

    public required string RecipientId { get; init; }

    public required string ConversationId { get; init; }

    public required string MessageId { get; init; }

    /// <summary>Why it was not sent: offline-filter, already-notified-this-session, bot-answered, no-contact-address, ...</summary>
    public required string Reason { get; init; }

    /// <summary>The spec row that suppressed it, when one did.</summary>
    public string? Rule { get; init; }

    /// <summary>With reason quiet-hours: the id of the catch-up summary the notification went into, sent (with its own outcome) when the recipient's quiet hours end.</summary>
    public string? SummaryId { get; init; }
}
