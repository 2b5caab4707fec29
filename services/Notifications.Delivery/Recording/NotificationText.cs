using System.Globalization;

namespace Notifications.Delivery.Recording;

/// <summary>Shortens chat text for an SMS or a push notification.</summary>
public static class NotificationText
{
    private const string Ellipsis = "…";

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
