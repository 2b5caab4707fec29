using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Notifications.Email.Templates;

/// <summary>
/// Merges values into a template. The template is trusted, the chat content is not: in HTML every merged value
/// is escaped, in the subject every control character is replaced, so neither markup nor a header can be injected.
/// </summary>
public static partial class TemplateRenderer
{
    public static RenderedEmail Render(EmailTemplate template, MergeValues values)
    {
        var subject = RenderSubject(template.Subject, values);
        if (!template.IsHtml)
            return new RenderedEmail(subject, NormalizeText(Merge(template.Body, values, Output.Text)), null);

        var html = Merge(template.Body, values, Output.Html);
        var text = template.TextBody is null ? HtmlToText.Convert(html) : Merge(template.TextBody, values, Output.Text);
        return new RenderedEmail(subject, NormalizeText(text), html);
    }

    private enum Output { Text, Html, Subject }

    private static string RenderSubject(string subject, MergeValues values) =>
        // The template's own text is sanitised too: the result becomes a header either way.
        WhitespaceRun().Replace(ReplaceControlCharacters(Merge(subject, values, Output.Subject)), " ").Trim();

    private static string Merge(string template, MergeValues values, Output output)
    {
        var result = new StringBuilder(template.Length + values.Message.Length);
        var position = 0;
        foreach (var match in MergeFields.Token().EnumerateMatches(template))
        {
            result.Append(Literal(template.AsSpan(position, match.Index - position), output));
            var field = template.Substring(match.Index + 1, match.Length - 2);
            result.Append(Value(field, values, output));
            position = match.Index + match.Length;
        }
        result.Append(Literal(template.AsSpan(position), output));
        return result.ToString();
    }

    /// <summary>The template's own text: in HTML bodies its new lines become line breaks, as the seed promises.</summary>
    private static string Literal(ReadOnlySpan<char> text, Output output) =>
        output == Output.Html ? NewLine().Replace(text.ToString(), "<br>\n") : text.ToString();

    private static string Value(string field, MergeValues values, Output output) => field switch
    {
        MergeFields.RecipientName => Escape(values.RecipientName, output),
        MergeFields.SenderName => Escape(values.SenderName, output),
        MergeFields.SenderProfileImage => Escape(values.SenderProfileImage, output),
        MergeFields.Message => Escape(values.Message, output),
        MergeFields.Attachments => Attachments(values, output),
        MergeFields.ConversationLink => Escape(values.ConversationLink, output),
        MergeFields.ConversationId => Escape(values.ConversationId, output),
        MergeFields.Transcript => TranscriptRenderer.Render(values.Transcript, output switch
        {
            Output.Html => TranscriptRenderer.Format.Html,
            Output.Subject => TranscriptRenderer.Format.Subject,
            _ => TranscriptRenderer.Format.Text,
        }),
        MergeFields.Messages => TranscriptRenderer.Render(values.Messages, output switch
        {
            Output.Html => TranscriptRenderer.Format.Html,
            Output.Subject => TranscriptRenderer.Format.Subject,
            _ => TranscriptRenderer.Format.Text,
        }),
        MergeFields.MessageCount => values.Messages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Templates are checked on creation, so this means a field was added to MergeFields but not here.
        _ => throw new TemplateException($"Unknown merge field {{{field}}}."),
    };

    private static string Escape(string value, Output output) => output switch
    {
        Output.Html => NewLine().Replace(WebUtility.HtmlEncode(value), "<br>\n"),
        Output.Subject => ReplaceControlCharacters(value),
        _ => value,
    };

    private static string Attachments(MergeValues values, Output output)
    {
        if (values.Attachments.Count == 0)
            return "";
        return output switch
        {
            Output.Html => "<ul>" + string.Concat(values.Attachments.Select(attachment =>
                $"<li><a href=\"{WebUtility.HtmlEncode(attachment.Url)}\">{WebUtility.HtmlEncode(OneLine(attachment.Name))}</a></li>")) + "</ul>",
            Output.Subject => ReplaceControlCharacters(string.Join(", ", values.Attachments.Select(attachment => attachment.Name))),
            _ => string.Join("\n", values.Attachments.Select(attachment => $"{OneLine(attachment.Name)}: {attachment.Url}")),
        };
    }

    internal static string OneLine(string value) => ReplaceControlCharacters(value).Trim();

    internal static string ReplaceControlCharacters(string value)
    {
        // Covers CR, LF, NUL, tab and the Unicode line/paragraph separators some mail clients break headers on.
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]) || chars[i] is '\u2028' or '\u2029' or '\u0085')
                chars[i] = ' ';
        }
        return new string(chars);
    }

    /// <summary>Unix line ends, no run of more than one empty line (fields left empty leave gaps otherwise).</summary>
    private static string NormalizeText(string text) =>
        ExtraBlankLines().Replace(text.Replace("\r\n", "\n").Replace('\r', '\n'), "\n\n").Trim();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex NewLine();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"\n[ \t]*(\n[ \t]*){2,}")]
    private static partial Regex ExtraBlankLines();
}
