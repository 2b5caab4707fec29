using System.Globalization;

namespace Notifications.PushSender.Channels;

/// <summary>Shortens text for a notification without splitting an emoji or accented letter.</summary>
public static class PushText
{
    private const string Ellipsis = "…";

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
