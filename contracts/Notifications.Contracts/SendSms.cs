namespace Notifications.Contracts;

/// <summary>Command to the SMS sender: text one recipient about one chat message.</summary>
public record SendSms
{
    /// <summary>Deterministic: message id, recipient id and channel. Senders are idempotent on it.</summary>
    public required string NotificationId { get; init; }

    /// <summary>The spec row that decided this notification (A1-A5, U1), for tracing and logs.</summary>
    public required string Rule { get; init; }

    public required NotificationRecipient Recipient { get; init; }

    public required NotifiedMessage Message { get; init; }

    /// <summary>
    /// The later notifications of the same delay window (same recipient and conversation), oldest first: the command
    /// then answers for them too, as one notification that lists every message. Empty for a single notification.
    /// </summary>
    public IReadOnlyList<GroupedNotification> Grouped { get; init; } = [];

    /// <summary>
    /// Set when this command is a fallback: the id of the notification that failed permanently (an email that
    /// bounced, an SMS that was not delivered) and that this one stands in for. Its outcomes carry it too.
    /// </summary>
    public string? FallbackOf { get; init; }

    /// <summary>
    /// Set when this command is a quiet-hours catch-up summary: the sender renders it instead of the message, whose id is
    /// the summary's, whose conversation is the latest held one and whose text is empty. Absent for every other command
    /// (and in commands queued before summaries carried it, whose message holds the summary's text).
    /// </summary>
    public CatchUpSummary? Summary { get; init; }
}
