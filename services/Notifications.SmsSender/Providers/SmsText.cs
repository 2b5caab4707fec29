using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Recording;

namespace Notifications.SmsSender.Providers;

/// <summary>Builds the SMS body: "{sender name}: {message text}", and for a group "3 new messages. {sender name}: {latest text}".</summary>
public static class SmsText
{
    /// <summary>Two GSM segments' worth: long enough to read, short enough not to cost a long multi-part SMS.</summary>
    public const int MaxLength = 320;

    public static string For(NotifiedMessage message) => For(message, []);

    public static string For(NotifiedMessage message, IReadOnlyList<GroupedNotification> grouped)
    {
        var latest = GroupedText.Latest(message, grouped);
        return NotificationText.Shorten($"{GroupedText.CountPrefix(grouped)}{DisplayNames.SenderOf(latest.Sender)}: {latest.Text}".Trim(), MaxLength);
    }

    /// <summary>Cuts at a text element boundary so an emoji or accented letter is never split in half.</summary>
    public static string Shorten(string text, int maxLength) => NotificationText.Shorten(text, maxLength);
}
