namespace Notifications.Contracts;

/// <summary>
/// One more notification a grouped command answers for: a later message of the same recipient and conversation that
/// fell into the same delay window. The command's own <c>NotificationId</c> and <c>Message</c> are the window's first;
/// each grouped notification gets its own outcome under its own id.
/// </summary>
public record GroupedNotification
{
    public required string NotificationId { get; init; }

    public required NotifiedMessage Message { get; init; }
}
