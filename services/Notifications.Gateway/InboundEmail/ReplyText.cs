using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// The new text of an email reply: the text part (or the HTML-only part as text) without the quoted email and the
/// signature that mail programs add. Removed: quoted lines (<c>&gt;</c>); everything from the first line that starts
/// the quoted history or a signature on:
/// <list type="bullet">
/// <item>"On ... wrote:" (Gmail, Apple Mail's "On <date>, at <time>, X wrote:", Thunderbird's "On <date> X wrote:"),
/// also when Gmail wraps it over two lines; when the quote below it is marked with <c>&gt;</c>, only the attribution
/// and the quoted lines go, so an answer written under the quote is kept;</item>
/// <item>Outlook's "-----Original Message-----", and its "From: ... Sent: ..." header block (with the line of
/// underscores above it);</item>
/// <item>the <c>-- </c> signature delimiter (RFC 3676), and "Sent from my iPhone" (iPad, phone...).</item>
/// </list>
/// In an HTML-only reply the quote is cut before the conversion (Gmail's <c>gmail_quote</c>, a <c>blockquote</c>,
/// Outlook's <c>divRplyFwdMsg</c>, Thunderbird's <c>moz-cite-prefix</c>), then the text rules apply to what is left.
/// Only English markers are known: a reply from a mail program in another language keeps its quote.
/// </summary>
public static partial class ReplyText
{
    /// <summary>The stripped text of <paramref name="message"/>: empty when it has no text or HTML part.</summary>
    public static string Of(MimeMessage message)
    {
        if (message.BodyParts.OfType<TextPart>().FirstOrDefault(part => part.IsPlain && !part.IsAttachment) is { } plain)
            return Strip(IsFlowed(plain) ? Deflowed(plain.Text) : plain.Text);
        return message.HtmlBody is { } html ? Strip(HtmlWithoutQuote(html)) : "";
    }

    public static string Strip(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (AttributionLength(lines, i) is var attribution and > 0)
            {
                // Quoted with '>' below the attribution: the quote's lines go by the rule for quoted lines, and what
                // follows is kept (a bottom-posted or interleaved answer). Otherwise the rest is the history.
                if (!NextTextIsQuoted(lines, i + attribution))
                    break;
                i += attribution - 1;
                continue;
            }
            if (StartsHistory(line, lines.Skip(i + 1).Take(OutlookHeaderLines)))
                break;
            if (Quoted().IsMatch(line))
                continue;
            kept.Add(line.TrimEnd());
        }
        return string.Join("\n", kept).Trim();
    }

    // Outlook's block lists From, Sent, To, Cc, Subject: "Sent:" comes within the few lines after "From:".
    private const int OutlookHeaderLines = 4;

    /// <summary>How many lines the "On ... wrote:" at <paramref name="index"/> takes: 1, 2 when Gmail wrapped it, 0 when there is none.</summary>
    private static int AttributionLength(string[] lines, int index)
    {
        var trimmed = lines[index].Trim();
        if (OnWrote().IsMatch(trimmed))
            return 1;
        // Gmail wraps a long attribution: "On Thu, 3 Dec 2026 at 10:02, Ada Lovelace <" / "ada@example.org> wrote:".
        return trimmed.StartsWith("On ", StringComparison.Ordinal) && index + 1 < lines.Length
            && lines[index + 1].Trim().EndsWith("wrote:", StringComparison.Ordinal) && !Quoted().IsMatch(lines[index + 1])
            ? 2
            : 0;
    }

    private static bool NextTextIsQuoted(string[] lines, int from) =>
        lines.Skip(from).FirstOrDefault(line => line.Trim().Length > 0) is { } next && Quoted().IsMatch(next);

    private static bool StartsHistory(string line, IEnumerable<string> following)
    {
        var trimmed = line.Trim();
        if (line == "-- " || trimmed == "--" || SentFromMy().IsMatch(trimmed) || OriginalMessage().IsMatch(trimmed))
            return true;
        if (OutlookFrom().IsMatch(trimmed) && following.Any(each => OutlookSent().IsMatch(each.Trim())))
            return true;
        // Outlook draws a line of underscores above its header block.
        return Underscores().IsMatch(trimmed) && following.Take(2).Any(each => OutlookFrom().IsMatch(each.Trim()));
    }

    private static bool IsFlowed(TextPart part) =>
        string.Equals(part.ContentType.Parameters["format"], "flowed", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// RFC 3676 format=flowed (Thunderbird, Apple Mail): a line that ends in a space goes on in the next one, and a
    /// leading space was added to protect a line starting with a space, '>' or "From ". The signature delimiter
    /// <c>-- </c> ends in a space yet stands alone, so it is kept as a line (MimeKit's own reading joins it to the next).
    /// </summary>
    private static string Deflowed(string text)
    {
        var joined = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.StartsWith(' ') ? raw[1..] : raw;
            joined.Append(line);
            if (line == "-- " || !line.EndsWith(' ') || QuoteDepth(line) > 0)
                joined.Append('\n');
        }
        return joined.ToString();
    }

    private static int QuoteDepth(string line) => line.TakeWhile(c => c == '>').Count();

    private static string HtmlWithoutQuote(string html)
    {
        var quote = QuoteInHtml().Match(html);
        return HtmlAsText.Convert(quote.Success ? html[..quote.Index] : html);
    }

    [GeneratedRegex(@"^\s*>")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^On\s.+\swrote:$")]
    private static partial Regex OnWrote();

    [GeneratedRegex(@"^-{2,}\s*Original Message\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^\*?From:\*?\s")]
    private static partial Regex OutlookFrom();

    [GeneratedRegex(@"^\*?Sent:\*?\s")]
    private static partial Regex OutlookSent();

    [GeneratedRegex(@"^_{10,}$")]
    private static partial Regex Underscores();

    [GeneratedRegex(@"^Sent from my [\w ]+$")]
    private static partial Regex SentFromMy();

    [GeneratedRegex(@"<div[^>]*class=""?[^"">]*\bgmail_quote\b|<blockquote\b|<div[^>]*id=""?divRplyFwdMsg|<div[^>]*class=""?moz-cite-prefix|<hr[^>]*id=""?stopSpelling", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteInHtml();
}
