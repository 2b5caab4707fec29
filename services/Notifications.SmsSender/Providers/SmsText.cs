using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Delivery.Recording;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// Builds the SMS body: "{sender name}: {message text}", for a group "3 new messages. {sender name}: {latest text}", and
/// for a quiet-hours catch-up summary "While you were away: 3 new messages in 2 conversations.".
/// </summary>
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

    /// <summary>A quiet-hours catch-up summary, one line: "While you were away: 3 new messages in 2 conversations."</summary>
    public static string For(CatchUpSummary summary) => $"{CatchUpText.Heading}: {CatchUpText.Counts(summary)}.";

    /// <summary>The body of a command: its summary when it is a catch-up summary, else its message (and group).</summary>
    public static string For(SendSms command) => command.Summary is { } summary ? For(summary) : For(command.Message, command.Grouped);

    /// <summary>Cuts at a text element boundary so an emoji or accented letter is never split in half.</summary>
    public static string Shorten(string text, int maxLength) => NotificationText.Shorten(text, maxLength);
}
