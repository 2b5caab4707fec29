using System.Globalization;
using System.Net;
using System.Text;
using Notifications.Delivery;
using Notifications.SharedState.Transcripts;

namespace Notifications.Email.Templates;

/// <summary>
/// Renders <c>{transcript}</c>: each message with its sender's name and time (UTC), then its text and
/// attachment links. Everything comes from chat content, so in HTML every part is escaped.
/// </summary>
public static class TranscriptRenderer
{
    public enum Format { Text, Html, Subject }

    public static string Render(IReadOnlyList<TranscriptEntry> transcript, Format format)
    {
        if (transcript.Count == 0)
            return "";
        return format switch
        {
            Format.Html => Html(transcript),
            // A whole conversation cannot be a header: the subject gets the number of messages only.
            Format.Subject => transcript.Count == 1 ? "1 message" : $"{transcript.Count} messages",
            _ => Text(transcript),
        };
    }

    public static string Time(DateTimeOffset postedAt) =>
        postedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Text(IReadOnlyList<TranscriptEntry> transcript)
    {
        var text = new StringBuilder();
        foreach (var entry in transcript)
        {
            if (text.Length > 0)
                text.Append("\n\n");
            text.Append(TemplateRenderer.OneLine(DisplayNames.SenderName(entry.SenderName, entry.SenderRole))).Append(" (").Append(Time(entry.PostedAt)).Append("):\n");
            text.Append((entry.Text ?? "").Replace("\r\n", "\n"));
            foreach (var attachment in (entry.Attachments ?? []).Where(IsWebLink))
                text.Append('\n').Append(TemplateRenderer.OneLine(DisplayNames.AttachmentName(attachment!))).Append(": ").Append(attachment.Url);
        }
        return text.ToString();
    }

    private static string Html(IReadOnlyList<TranscriptEntry> transcript)
    {
        var html = new StringBuilder("<div class=\"transcript\">");
        foreach (var entry in transcript)
        {
            html.Append("<div style=\"margin:0 0 1em\"><div><strong>")
                .Append(WebUtility.HtmlEncode(TemplateRenderer.OneLine(DisplayNames.SenderName(entry.SenderName, entry.SenderRole))))
                .Append("</strong> <span style=\"color:#888\">")
                .Append(WebUtility.HtmlEncode(Time(entry.PostedAt)))
                .Append("</span></div><div>")
                .Append(WebUtility.HtmlEncode(entry.Text ?? "").Replace("\r\n", "\n").Replace("\n", "<br>\n"))
                .Append("</div>");
            var links = (entry.Attachments ?? []).Where(IsWebLink).ToList();
            if (links.Count > 0)
            {
                html.Append("<ul>");
                foreach (var attachment in links)
                    html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(attachment.Url)).Append("\">")
                        .Append(WebUtility.HtmlEncode(TemplateRenderer.OneLine(DisplayNames.AttachmentName(attachment!)))).Append("</a></li>");
                html.Append("</ul>");
            }
            html.Append("</div>");
        }
        return html.Append("</div>").ToString();
    }

    private static bool IsWebLink(Contracts.Attachment? attachment) =>
        attachment is not null && Uri.TryCreate(attachment.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
