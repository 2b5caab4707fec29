namespace Notifications.Contracts;

/// <summary>
/// Command to the push sender: trigger an event on an online recipient's private realtime channel, so their
/// browser shows a desktop notification and plays the sound.
/// </summary>
public record SendRealtimeNotification
{
    /// <summary>Deterministic: message id, recipient id and channel. Senders are idempotent on it.</summary>
    public required string NotificationId { get; init; }

    /// <summary>The spec row that decided this notification (A1, A2, ...), for tracing and logs.</summary>
    public required string Rule { get; init; }

    public required NotificationRecipient Recipient { get; init; }

    public required NotifiedMessage Message { get; init; }
}
