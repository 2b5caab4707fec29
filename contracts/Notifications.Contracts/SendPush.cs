namespace Notifications.Contracts;

/// <summary>Command to the push sender: notify one recipient's registered devices about one chat message.</summary>
public record SendPush
{
    /// <summary>Deterministic: message id, recipient id and channel. Senders are idempotent on it.</summary>
    public required string NotificationId { get; init; }

    /// <summary>The spec row that decided this notification (A1-A5, U1), for tracing and logs.</summary>
    public required string Rule { get; init; }

    public required NotificationRecipient Recipient { get; init; }

    public required NotifiedMessage Message { get; init; }
}
