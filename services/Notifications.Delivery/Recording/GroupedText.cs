using System.Globalization;
using Notifications.Contracts;

namespace Notifications.Delivery.Recording;

/// <summary>
/// The short text of an SMS or push that answers for several messages of one delay window: how many, then the
/// latest (what the reader most likely wants to answer). A single message is shown as it is.
/// </summary>
public static class GroupedText
{
    /// <summary>The latest message of a command: the last grouped one, else its own.</summary>
    public static NotifiedMessage Latest(NotifiedMessage message, IReadOnlyList<GroupedNotification> grouped) =>
        grouped.Count > 0 ? grouped[^1].Message : message;

    /// <summary>"3 new messages. " for a group of three, "" for a single message.</summary>
    public static string CountPrefix(IReadOnlyList<GroupedNotification> grouped) =>
        grouped.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{grouped.Count + 1} new messages. ");
}
