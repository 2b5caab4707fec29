using Notifications.Contracts;

namespace Notifications.Router.Holding;

/// <summary>
/// A decided notification waiting in a delay window or a quiet-hours summary, stored as JSON in its hold
/// (<see cref="HeldNotifications"/>): everything its command needs, so the release builds it without deciding again.
/// </summary>
public sealed record PendingNotification
{
    public required string NotificationId { get; init; }

    public required string Rule { get; init; }

    public required NotificationRecipient Recipient { get; init; }

    public required NotifiedMessage Message { get; init; }

    public bool OnlyWhileOffline { get; init; }
}
