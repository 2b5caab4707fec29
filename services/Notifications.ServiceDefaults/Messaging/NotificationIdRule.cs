namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// The senders' check of a command's notification id, which becomes a ledger key, a provider idempotency key and a
/// record file name: the router makes it from ids of at most 200 characters each, so anything longer, or with control
/// characters (CR/LF), did not come from it.
/// </summary>
public static class NotificationIdRule
{
    public const int MaxLength = 700;

    /// <summary>What is wrong with <paramref name="notificationId"/> in a <paramref name="command"/>, or null.</summary>
    public static string? Problem(string? notificationId, string command)
    {
        if (string.IsNullOrWhiteSpace(notificationId))
            return $"{command} has no NotificationId.";
        if (notificationId.Length > MaxLength)
            return $"{command}: notificationId is {notificationId.Length} characters long; at most {MaxLength} are accepted.";
        if (notificationId.Any(char.IsControl))
            return $"{command}: notificationId contains control characters.";
        return null;
    }
}
