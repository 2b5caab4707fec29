using System.Globalization;
using Notifications.Contracts;

namespace Notifications.SmsSender.Channels;

/// <summary>Builds the SMS body: "{sender name}: {message text}".</summary>
public static class SmsText
{
    /// <summary>Two GSM segments' worth: long enough to read, short enough not to cost a long multi-part SMS.</summary>
    public const int MaxLength = 320;

    private const string Ellipsis = "…";

    public static string For(NotifiedMessage message) => Shorten($"{message.Sender.Name}: {message.Text}".Trim(), MaxLength);

    /// <summary>Cuts at a text element boundary so an emoji or accented letter is never split in half.</summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text;

        var budget = maxLength - Ellipsis.Length;
        var cut = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var end = elements.ElementIndex + elements.GetTextElement().Length;
            if (end > budget)
                break;
            cut = end;
        }
        return text[..cut].TrimEnd() + Ellipsis;
    }
}
