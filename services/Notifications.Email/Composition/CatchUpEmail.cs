using System.Globalization;
using System.Text;
using Notifications.Contracts;
using Notifications.Delivery.Recording;
using Notifications.Email.Templates;

namespace Notifications.Email.Composition;

/// <summary>
/// The email of a quiet-hours catch-up summary: plain text, no template (there is no message to merge, only counts).
/// Email is not held by quiet hours today; a summary sent to this channel still reads as one.
/// </summary>
public static class CatchUpEmail
{
    /// <param name="conversationLink">The latest held conversation in the console (agents with <c>Email:AdminBaseUrl</c> set), else empty.</param>
    public static RenderedEmail Render(CatchUpSummary summary, NotificationRecipient recipient, string conversationLink)
    {
        var counts = CatchUpText.Counts(summary);
        var text = new StringBuilder();
        text.Append(string.IsNullOrWhiteSpace(recipient.Name) ? "Hello," : $"Hello {recipient.Name.Trim()},").Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"While you were away (from {summary.Since.UtcDateTime:yyyy-MM-dd HH:mm} to {summary.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC) you received {counts}.\n");
        if (!string.IsNullOrEmpty(conversationLink))
            text.Append("\nThe latest one: ").Append(conversationLink).Append('\n');
        return new RenderedEmail($"{CatchUpText.Heading}: {counts}", text.ToString(), HtmlBody: null);
    }
}
