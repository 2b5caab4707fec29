using Notifications.Contracts;

namespace Notifications.Router.Window;

/// <summary>
/// A decided notification waiting in its delay window, stored as JSON in the window's hash: everything its command
/// needs, so the window's end builds the command without deciding again.
/// </summary>
public sealed record PendingNotification
{
    public required string NotificationId { get; init; }

    public required string Rule { get; init; }

    public required NotificationRecipient Recipient { get; init; }

    public required NotifiedMessage Message { get; init; }

    public bool OnlyWhileOffline { get; init; }
}
